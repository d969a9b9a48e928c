/** One of a topic's headline counts: a large number over its label. */
export function HeadlineCount({ value, label }: { value: number; label: string }) {
  return (
    <li class="headline-item">
      <span class="headline-value">{value.toLocaleString('en-US')}</span> <span class="headline-label">{label}</span>
    </li>
  );
}
