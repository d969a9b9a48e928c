/**
 * LaTeXML's HTML, which both arXiv's HTML papers and ar5iv's are: the paper is one `article.ltx_document`,
 * and LaTeXML's own page chrome (navigation bar, table of contents, footer and logo) is never prose.
 */
export const LATEXML_DOCUMENT = 'article.ltx_document';

const LATEXML_CHROME = ['.ltx_page_navbar', '.ltx_page_footer', '.ltx_page_logo', '.ltx_TOC'];

/**
 * The classes of a paper's parts that are not prose: a code listing (`lstlisting`, `algorithmic`), lines of
 * code, not sentences; the authors, their affiliations and notes, names, not mentions; a footnote's number,
 * which LaTeXML runs into the note's text (`<span class="ltx_tag ltx_tag_note">1</span>GPTQ is…`), so that
 * skipped, it bounds a name there; a web address printed (`\url{https://github.com/Vahe1994/AQLM}`), a
 * repository's path, not a mention (a link's own words, `\href`'s `ltx_href`, are read); a citation or a
 * reference LaTeXML could not resolve (no .bbl, an undefined label), which it prints as the BibTeX key or the
 * label itself (`[<span class="ltx_missing_citation">GPTQ</span>]`, `LABEL:tab:AWQ_ppl`), not a mention. The
 * PDF scan skips them too (`lib/arxiv-html-scan.ts`).
 */
export const LATEXML_NOT_PROSE = ['ltx_listing', 'ltx_authors', 'ltx_tag_note', 'ltx_url', 'ltx_missing_citation', 'ltx_missing_label'];

/** Everything LaTeXML writes that is not read: its chrome and the parts of the paper that are not prose. */
export const LATEXML_SKIPPED = [...LATEXML_CHROME, ...LATEXML_NOT_PROSE.map((name) => `.${name}`)];

/**
 * Whether an address under `/html/` is one of a paper's files rather than the paper: a figure
 * (`/html/2401.12345v1/x1.png`, `…/extracted/5852395/F2.jpg`; ar5iv's `…/assets/x1.png`), a stylesheet or
 * a script, which a reader may open in a tab of its own. The paper is `/html/2401.12345v1`, its folder
 * (`…v1/`, where its `<base>` points) or the folder's `index.html`. An extension starts with a letter, so
 * that the dot of an id (`2401.12345`) starts none.
 */
export function isPaperFile(pathname: string): boolean {
  const extension = /\.([a-z][a-z\d]*)$/i.exec(pathname.slice(pathname.lastIndexOf('/') + 1))?.[1]?.toLowerCase();
  return extension !== undefined && extension !== 'html' && extension !== 'htm';
}
