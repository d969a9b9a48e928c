/** How much of what the KB counts a record section lists; `otherwise` when there is nothing to say about coverage. */
export function Coverage({ text, otherwise }: { text: string; otherwise: string }) {
  return <p class="coverage">{text || otherwise}</p>;
}
