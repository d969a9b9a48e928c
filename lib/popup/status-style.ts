/** The `--ml-status` colour of a status, for elements tinted like the page marks (shared colours, one source). */
import { statusKey, type Status } from '@/lib/snapshot/status';
import { STATUS_COLORS } from '@/lib/theme/status-colors';

export function statusStyle(status: Status | null): Record<string, string> {
  return { '--ml-status': STATUS_COLORS[statusKey(status)] };
}
