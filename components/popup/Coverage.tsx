/** How much of what the KB counts a record section lists; `otherwise` when there is nothing to say about coverage. */
import type { ComponentChildren } from 'preact';

export function Coverage({ text, otherwise }: { text: string; otherwise: ComponentChildren }) {
  return <p class="coverage">{text || otherwise}</p>;
}
