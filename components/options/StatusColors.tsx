/** The status colours as the marks draw them on a page, with the KB's meaning of each. */
import { STATUS_MEANINGS, STATUSES, type StatusKey } from '@/lib/snapshot/status';
import { STATUS_COLORS, STATUS_LABELS } from '@/lib/theme/status-colors';
import { withAlpha } from '@/lib/highlight/styles';

export function StatusColors() {
  const keys: StatusKey[] = [...STATUSES, 'none'];
  return (
    <section class="options-section" aria-labelledby="colours-title">
      <h2 id="colours-title">Status colours</h2>
      <p class="hint">How marked names look on a page, and what each colour means.</p>
      <ul class="colour-list">
        {keys.map((key) => (
          <li key={key} class="colour-row">
            <span
              class="colour-sample"
              style={{
                backgroundColor: withAlpha(STATUS_COLORS[key], 0.2),
                textDecoration: `underline 2px ${STATUS_COLORS[key]}`,
              }}
            >
              Method name
            </span>
            <span>
              <strong>{STATUS_LABELS[key]}</strong>
              <span class="colour-meaning"> — {key === 'none' ? 'the KB knows the method but gives it no status' : STATUS_MEANINGS[key]}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
