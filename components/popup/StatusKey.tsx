/**
 * What the status labels of a list mean, said once beside the list. A disclosure, closed: it clutters
 * no row, and keyboard, touch and screen-reader readers open it alike (a label's tooltip reaches none
 * of them).
 */
import { STATUSES, statusKey, type Status, type StatusKey as Key } from '@/lib/snapshot/status';
import { STATUS_KEY_MEANINGS } from '@/lib/theme/status-colors';
import { StatusBadge } from '@/components/StatusBadge';

const KEYS: readonly Key[] = [...STATUSES, 'none'];

/** The labels `statuses` show, each once, in the order of the statuses. */
export function StatusKey({ statuses }: { statuses: readonly (Status | null)[] }) {
  const shown = new Set(statuses.map(statusKey));
  const keys = KEYS.filter((key) => shown.has(key));
  if (keys.length === 0) return null;
  return (
    <details class="status-key">
      <summary>What the labels mean</summary>
      <dl>
        {keys.map((key) => (
          <div key={key}>
            <dt>
              <StatusBadge status={key === 'none' ? null : key} />
            </dt>
            <dd>{STATUS_KEY_MEANINGS[key]}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
