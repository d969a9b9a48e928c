/** Critiques quoted verbatim, each with the paper it comes from. */
import type { Critique } from '@/lib/snapshot/schema';
import { SourcePaper } from './SourcePaper';

export function CritiqueList({ critiques }: { critiques: readonly Critique[] }) {
  return (
    <ol class="critique-list">
      {critiques.map((critique, index) => (
        <li key={index}>
          <blockquote class="quote">
            <p>
              “<bdi>{critique.quote}</bdi>”
            </p>
          </blockquote>
          <p class="quote-source">
            — <SourcePaper title={critique.sourceTitle} />
          </p>
        </li>
      ))}
    </ol>
  );
}
