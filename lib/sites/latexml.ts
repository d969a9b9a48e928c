/**
 * LaTeXML's HTML, which both arXiv's HTML papers and ar5iv's are: the paper is one `article.ltx_document`,
 * and LaTeXML's own page chrome (navigation bar, table of contents, footer and logo) is never prose.
 */
export const LATEXML_DOCUMENT = 'article.ltx_document';

export const LATEXML_CHROME = ['.ltx_page_navbar', '.ltx_page_footer', '.ltx_page_logo', '.ltx_TOC'];
