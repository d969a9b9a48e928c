/** How often a URL source is checked for a new snapshot. */
import { plural } from '@/lib/format';

const CHOICES = [0, 6, 12, 24, 48, 168];

export function RefreshIntervalSection({ hours, onChange }: { hours: number; onChange: (hours: number) => void }) {
  const choices = CHOICES.includes(hours) ? CHOICES : [...CHOICES, hours].sort((a, b) => a - b);
  return (
    <section class="options-section" aria-labelledby="interval-title">
      <h2 id="interval-title">Automatic refresh</h2>
      <label class="field-label" for="refresh-interval">
        Check a URL source for a new snapshot
      </label>
      <select id="refresh-interval" value={String(hours)} onChange={(event) => onChange(Number(event.currentTarget.value))}>
        {choices.map((choice) => (
          <option key={choice} value={String(choice)}>
            {describeInterval(choice)}
          </option>
        ))}
      </select>
      <p class="hint">
        {/* Without a schedule nothing is retried: a failed "Refresh now" waits for the next press. */}
        {hours > 0 &&
          'A check that fails because the host is down, busy or out of reach is tried again sooner: after 5 minutes, then less and less often. '}
        The bundled snapshot only changes when the extension is updated.
      </p>
    </section>
  );
}

function describeInterval(hours: number): string {
  if (hours === 0) return 'Never (only when I press Refresh now)';
  if (hours === 168) return 'Once a week';
  if (hours === 24) return 'Once a day';
  return `Every ${plural(hours, 'hour', 'hours')}`;
}
