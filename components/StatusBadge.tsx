/** A method's status as a coloured label; shared by the hover card and the popup. */
import type { Status } from '@/lib/snapshot/status';
import { STATUS_COLORS, STATUS_LABELS } from '@/lib/theme/status-colors';

export function StatusBadge({ status, id }: { status: Status | null; id?: string }) {
  const key = status ?? 'none';
  return (
    <span id={id} class="ml-badge" data-status={key} style={{ '--ml-status': STATUS_COLORS[key] }}>
      {STATUS_LABELS[key]}
    </span>
  );
}
