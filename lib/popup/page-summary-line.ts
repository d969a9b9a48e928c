/** The page view's one-line summary: "6 methods: 2 heavily superseded, 1 superseded, 1 frontier". */
import { STATUSES, type Status } from '@/lib/snapshot/status';
import { formatCount, plural } from '@/lib/format';

export function pageSummaryLine(methods: readonly { status: Status | null }[]): string {
  const total = plural(methods.length, 'method', 'methods');
  const parts = STATUSES.flatMap((status) => {
    const count = methods.filter((method) => method.status === status).length;
    return count ? [`${formatCount(count)} ${status}`] : [];
  });
  if (methods.length === 0) return 'No known methods';
  return parts.length ? `${total}: ${parts.join(', ')}` : `${total}, none with a status in the KB`;
}
