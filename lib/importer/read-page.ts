/** Reads one exported page's text into its raw structure, telling the two page kinds apart by their first line. */
import type { RawPage } from './page';
import { splitPageLines } from './page-text';
import { readMethodPage } from './read-method-page';
import { OVERVIEW_MARKER, readOverviewPage } from './read-overview-page';

export function readPage(text: string, file: string): RawPage {
  const lines = splitPageLines(text, file);
  return lines[0]!.text === OVERVIEW_MARKER ? readOverviewPage(lines, file) : readMethodPage(lines, file);
}
