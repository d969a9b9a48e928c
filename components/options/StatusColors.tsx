/** The status colours and underlines as the marks draw them on a page, with the KB's meaning of each. */
import { STATUSES, type StatusKey } from '@/lib/snapshot/status';
import { STATUS_KEY_MEANINGS, STATUS_LABELS } from '@/lib/theme/status-colors';
import { markDeclarations, paintingFor } from '@/lib/highlight/styles';

/** As this browser's marks are painted (Firefox paints no underline in a highlight). */
const PAINTING = paintingFor(import.meta.env.BROWSER);

export function StatusColors() {
  const keys: StatusKey[] = [...STATUSES, 'none'];
  return (
    <section class="options-section" aria-labelledby="colours-title">
      <h2 id="colours-title">Status colours</h2>
      <p class="hint">How marked names look on a page, and what each colour and line means.</p>
      <ul class="colour-list">
        {keys.map((key) => (
          <li key={key} class="colour-row">
            <span class="colour-sample" style={markDeclarations(key, PAINTING)}>
              Method name
            </span>
            <span>
              <strong>{STATUS_LABELS[key]}</strong>
              <span class="colour-meaning"> — {STATUS_KEY_MEANINGS[key]}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
