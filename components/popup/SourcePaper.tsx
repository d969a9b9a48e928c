/** A source paper as it is cited under a quote or a result: its title and links searching for it. */
import { PaperLinks } from './PaperLinks';

/** `titleId`: the id of the title alone, for what is named by it (the links' labels repeat it). */
export function SourcePaper({ title, titleId }: { title: string; titleId?: string }) {
  return (
    <span class="source-paper">
      <cite id={titleId}>{title}</cite> <PaperLinks title={title} />
    </span>
  );
}
