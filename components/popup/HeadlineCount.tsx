/** One of a topic's headline counts: a large number over its label. */
import { formatCount } from '@/lib/format';
export function HeadlineCount({ value, one, many }: { value: number; one: string; many: string }) {
  return (
    <li class="headline-item">
      <span class="headline-value">{formatCount(value)}</span> <span class="headline-label">{value === 1 ? one : many}</span>
    </li>
  );
}
