/** A method's status as a coloured label; shared by the hover card and the popup. */
import type { Status } from '@/lib/snapshot/status';
import { STATUS_COLORS, STATUS_KEY_MEANINGS, STATUS_LABELS } from '@/lib/theme/status-colors';

/** `explained`: the label's meaning as its tooltip, in the search's matches (lists of methods have a key, StatusKey, that every reader reaches). */
export function StatusBadge({ status, id, explained = false }: { status: Status | null; id?: string; explained?: boolean }) {
  const key = status ?? 'none';
  return (
    <span
      id={id}
      class="ml-badge"
      data-status={key}
      style={{ '--ml-status': STATUS_COLORS[key] }}
      title={explained ? `${STATUS_LABELS[key]}: ${STATUS_KEY_MEANINGS[key]}` : undefined}
    >
      {STATUS_LABELS[key]}
    </span>
  );
}
