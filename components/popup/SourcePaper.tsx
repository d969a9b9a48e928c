/** A source paper as it is cited under a quote or a result: its title and links searching for it. */
import { PaperLinks } from './PaperLinks';

export function SourcePaper({ title }: { title: string }) {
  return (
    <span class="source-paper">
      <cite>{title}</cite> <PaperLinks title={title} />
    </span>
  );
}
