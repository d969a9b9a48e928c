/** Splits a page's body into its named sections; each heading is followed by a one-line explanation. */
import { ImportError, quoted } from './errors';
import type { PageLine } from './page-text';

/**
 * Lines shaped like section content, so a missing explanation is not silently replaced by data: list
 * entries, quotes, sources, and lines whose fields the export separates with ` · ` (a sub-problem's
 * `SmoothQuant · 33 methods`); an explanation is a sentence without one.
 */
const CONTENT_LINE = /^(?:- |“|— )|\s·\s/;

/**
 * Returns the body lines of each section present, keyed by heading. Sections may be absent but must
 * follow the page's fixed order; any line before the first heading is an error.
 */
export function readSections(lines: readonly PageLine[], headings: readonly string[], file: string): Map<string, PageLine[]> {
  const sections = new Map<string, PageLine[]>();
  const expected = headings.map((heading) => quoted(heading)).join(', ');
  let body: PageLine[] | undefined;
  let lastHeading = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = headings.indexOf(line.text);
    if (heading < 0) {
      if (!body) throw new ImportError(`expected a section heading (${expected}), found ${quoted(line.text)}`, file, line.number);
      body.push(line);
      continue;
    }
    if (heading <= lastHeading) {
      throw new ImportError(`section ${quoted(line.text)} is repeated or out of order (the order is ${expected})`, file, line.number);
    }
    const explanation = lines[i + 1];
    if (!explanation || headings.includes(explanation.text) || CONTENT_LINE.test(explanation.text)) {
      throw new ImportError(`section ${quoted(line.text)} lacks its one-line explanation after the heading`, file, line.number);
    }
    body = [];
    sections.set(line.text, body);
    lastHeading = heading;
    i++;
  }
  return sections;
}
