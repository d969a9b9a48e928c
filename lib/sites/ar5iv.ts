/**
 * ar5iv (arXiv Labs): LaTeXML HTML of the papers arXiv has no HTML version of, those from before
 * December 2023 among them, at `ar5iv.labs.arxiv.org/html/<id>`. Full page loads, no client-side
 * navigation. It shares the arXiv switch: to a reader it is arXiv's HTML of an older paper.
 */
import { isPaperFile, LATEXML_DOCUMENT, LATEXML_SKIPPED } from './latexml';
import type { SiteAdapter } from './site';

export const AR5IV_HOST = 'ar5iv.labs.arxiv.org';

/** ar5iv's footer (the previous and next paper, its home, the conversion report, the TeX source, the original on arXiv). */
const AR5IV_CHROME = ['.ar5iv-footer'];

export const ar5iv: SiteAdapter = {
  id: 'arxiv',
  label: 'ar5iv',
  matches: (url) => url.hostname === AR5IV_HOST && url.pathname.startsWith('/html/') && !isPaperFile(url.pathname),
  contentMatches: [`https://${AR5IV_HOST}/html/*`],
  rootSelector: LATEXML_DOCUMENT,
  skipSelector: [...LATEXML_SKIPPED, ...AR5IV_CHROME].join(','),
};
