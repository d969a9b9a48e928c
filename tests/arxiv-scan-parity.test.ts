// @vitest-environment happy-dom
/**
 * The PDF scan reads a paper's HTML without a DOM (it runs in the service worker); the content script
 * reads the same paper in the page. Both must find the same names: on small cases of each rule, and on
 * the two LaTeXML fixture papers, method by method.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countMentions, htmlToText, paperEdges } from '@/lib/arxiv-html-scan';
import { compileMatcher, planMatcher } from '@/lib/match/matcher';
import { elementEdges, textCollector } from '@/lib/match/text-index';
import { arxiv } from '@/lib/sites/arxiv';
import { rootsToRead } from '@/lib/sites/site';
import { bundledDictionary } from './helpers/bundled-dictionary';

const NAMES = ['AWQ', 'GPTQ', 'QuIP', 'QuIP#'];

/** The names the content script finds under `root` (by index in `names`), with the arXiv adapter's skipped parts. */
function nameIndicesFound(root: Node, names: readonly string[]): number[] {
  const collector = textCollector(root, { skipSelector: arxiv.skipSelector });
  collector.step(() => false);
  const index = collector.index;
  return compileMatcher(names).find(index.text, elementEdges(index)).map((span) => span.nameIndex);
}

/** The names the content script finds under `root`. */
function contentScript(root: Node): string[] {
  return nameIndicesFound(root, NAMES).map((nameIndex) => NAMES[nameIndex]!);
}

/** The names the PDF scan finds in a paper's prose. */
function pdfScan(html: string): string[] {
  const paper = htmlToText(`<article class="ltx_document">${html}</article>`);
  return compileMatcher(NAMES)
    .find(paper.text, paperEdges(paper))
    .map((span) => NAMES[span.nameIndex]!);
}

/** A browser's own styles for raised and lowered text, which happy-dom does not compute by itself. */
function withBrowserStyles(): void {
  const style = document.createElement('style');
  style.textContent = 'sup { vertical-align: super } sub { vertical-align: sub }';
  document.head.append(style);
}

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('the PDF scan reads as the content script does', () => {
  it.each([
    ['a footnote mark after a name', '<p>We use AWQ<sup>1</sup> and GPTQ.</p>'],
    ['a name running into a superscript', '<p>QuIP<sup>#</sup> is fast</p>'],
    ['a subscript inside a word', '<p>GPTQ<sub>v2</sub> and AWQ</p>'],
    ['a hidden element inside a word', '<p>Auto<span hidden>x</span>AWQ and GPTQ</p>'],
    ['a hidden line break', '<p>Auto<br hidden>AWQ</p>'],
    ['a hidden field', '<p>Auto<textarea hidden>x</textarea>AWQ</p>'],
    ['a script inside a word', '<p>Auto<script>x()</script>AWQ</p>'],
    ['a form field between words', '<p>AWQ<input>v2 and GPTQ<select><option>x</option></select>v2</p>'],
    ['a line break', '<p>AWQ<br>v2</p>'],
    ['table cells', '<table><tr><td>QuIP</td><td>#</td></tr></table>'],
    ['math', '<p>AWQ<math><mi>x</mi></math>v2</p>'],
    ['a footnote opening with a name', '<p>AWQ<span class="ltx_note"><sup>1</sup><span class="ltx_note_content"><sup>1</sup><span class="ltx_tag ltx_tag_note">1</span>GPTQ is older.</span></span></p>'],
    ['math going on with a # after a name', '<p>QuIP<math><mi>#</mi></math>: lattice codebooks, <b>QuIP</b><math><mo>+</mo></math>, AWQ<math><msup><mi></mi><mo>†</mo></msup></math></p>'],
    ['math going on with more than a #', '<p>QuIP<math><msub><mi>#</mi><mn>2</mn></msub></math> and QuIP<math alttext="\\#_{2}"><mi>#</mi></math></p>'],
    ['math that is a name’s last character, after markup', '<p><em>Qu</em>IP<math alttext="\\#"><semantics><mi>#</mi><annotation encoding="application/x-tex">\\#</annotation></semantics></math> and QuIP<math alttext="+"><mo>+</mo></math></p>'],
    ['an unresolved citation and reference', '<p>GPTQ [<span class="ltx_ref ltx_missing_citation ltx_ref_self">GPTQ</span>] and AWQ (Table <span class="ltx_ref ltx_missing_label ltx_ref_self">LABEL:tab:AWQ_ppl</span>)</p>'],
    ['an author list', '<div class="ltx_authors"><span class="ltx_personname">AWQ Team</span></div><p>GPTQ</p>'],
    ['code listings and verbatim', '<div class="ltx_listing"><div class="ltx_listingline">q = AWQ()</div></div><pre>GPTQ</pre><p>Run <code>AWQ</code> with GPTQ.</p>'],
    ['a web address printed as text', '<p>Code: https://github.com/x/GPTQ and AWQ (www.x.org/QuIP).</p>'],
    ['a web address with emphasis inside', '<p>See https://x.org/<em>GPTQ</em>/AWQ, then QuIP.</p>'],
    ['a web address cut by a line break or a cell', '<p>See https://x.org/<br>GPTQ</p><table><tr><td>https://x.org/</td><td>AWQ</td></tr></table>'],
    ['a web address in the next line', '<p>Code<br>https://x.org/GPTQ and AWQ</p>'],
    ['a host printed without a scheme', '<p>Code is available at github.com/x/GPTQ. AWQ (hf.co/x/QuIP), not llama.cpp/AWQ.</p>'],
    ['a host starting a line or a cell', '<p>Code<br>github.com/x/GPTQ and AWQ</p><table><tr><td>Code</td><td>hf.co/x/QuIP</td></tr></table>'],
    ['a host with emphasis inside', '<p>See <em>github.com</em>/x/GPTQ, then AWQ/QuIP.</p>'],
    ['a host printed with capitals', '<p>Code: GitHub.com/x/GPTQ and AWQ (HuggingFace.co/x/QuIP), not vs.AWQ/GPTQ or Fig.github.com/QuIP.</p><p>Code<br>GitHub.com/x/AWQ</p>'],
    ['a host after a comma or a semicolon', '<p>Code,github.com/x/GPTQ and code;hf.co/x/QuIP, AWQ,GPTQ/QuIP</p>'],
    ['a host after a dash', '<p>Code—github.com/x/GPTQ and code–hf.co/x/QuIP, AWQ—GPTQ/QuIP</p>'],
    ['a web address closed by a parenthesis', '<p>(code at https://x.org/a)AWQ and (github.com/x/y)GPTQ, not https://x.org/(QuIP)AWQ</p>'],
    ['a host opening a footnote', '<p>AWQ<span class="ltx_note"><sup>1</sup><span class="ltx_note_content"><sup>1</sup><span class="ltx_tag ltx_tag_note">1</span>github.com/x/GPTQ</span></span> and QuIP</p>'],
    ['a web address', '<p>AWQ (<a href="https://github.com/x/GPTQ" class="ltx_ref ltx_url ltx_font_typewriter">https://github.com/x/GPTQ</a>) and <a href="https://x.org" class="ltx_ref ltx_href">the QuIP code</a></p>'],
  ])('%s', (_, html) => {
    withBrowserStyles();
    document.body.innerHTML = `<article class="ltx_document">${html}</article>`;
    expect(pdfScan(html)).toEqual(contentScript(document.body));
  });

  it('reads no code listing or verbatim text', () => {
    expect(pdfScan('<div class="ltx_listing"><div class="ltx_listingline">q = AWQ()</div></div><pre>GPTQ</pre><p>Run <code>AWQ</code> with QuIP.</p>')).toEqual(['QuIP']);
  });

  it('reads no web address the paper prints, and a link’s own words', () => {
    expect(pdfScan('<p>AWQ (<a href="https://github.com/x/GPTQ" class="ltx_ref ltx_url ltx_font_typewriter">https://github.com/x/GPTQ</a>) and <a href="https://x.org" class="ltx_ref ltx_href">the QuIP code</a></p>')).toEqual(['AWQ', 'QuIP']);
  });

  it('reads no name in a web address printed as text, and the same name after it', () => {
    expect(pdfScan('<p>See https://x.org/<em>GPTQ</em>/AWQ, then GPTQ.</p><p>https://x.org/<br>AWQ</p>')).toEqual(['GPTQ', 'AWQ']);
  });

  it('reads no name in an address printed without a scheme, and names in prose that only looks like one', () => {
    expect(pdfScan('<p>Code is available at github.com/x/GPTQ. AWQ (hf.co/x/QuIP) and llama.cpp/QuIP</p><table><tr><td>Code</td><td>hf.co/x/AWQ</td></tr></table>')).toEqual(['AWQ', 'QuIP']);
    expect(pdfScan('<p>AWQ<span class="ltx_note"><sup>1</sup><span class="ltx_note_content"><sup>1</sup><span class="ltx_tag ltx_tag_note">1</span>github.com/x/GPTQ</span></span> and QuIP</p>')).toEqual(['AWQ', 'QuIP']);
  });

  it('reads no name in a host printed with capitals, and names in prose with capitals that only looks like one', () => {
    expect(pdfScan('<p>Code: GitHub.com/x/GPTQ and AWQ (HuggingFace.co/x/QuIP), not vs.AWQ/GPTQ or Fig.github.com/QuIP.</p><p>Code<br>GitHub.com/x/AWQ</p>')).toEqual(['AWQ', 'AWQ', 'GPTQ', 'QuIP']);
  });

  it('reads no name in a host after a comma or a semicolon, and names listed with them', () => {
    expect(pdfScan('<p>Code,github.com/x/GPTQ and code;hf.co/x/QuIP, AWQ,GPTQ/QuIP</p>')).toEqual(['AWQ', 'GPTQ', 'QuIP']);
  });

  it('reads no name in a host after an em dash or an en dash, and names joined by dashes', () => {
    expect(pdfScan('<p>Code—github.com/x/GPTQ and code–hf.co/x/QuIP, AWQ—GPTQ/QuIP</p>')).toEqual(['AWQ', 'GPTQ', 'QuIP']);
  });

  it('reads a name glued to the parenthesis that closes around a web address, and none in parentheses the address opens', () => {
    expect(pdfScan('<p>(code at https://x.org/a)AWQ and (github.com/x/y)GPTQ, not https://x.org/(QuIP)AWQ</p>')).toEqual(['AWQ', 'GPTQ']);
  });

  it('reads a name that opens a footnote, after its number', () => {
    expect(pdfScan('<p>AWQ<span class="ltx_note"><sup>1</sup><span class="ltx_note_content"><sup>1</sup><span class="ltx_tag ltx_tag_note">1</span>GPTQ is older.</span></span></p>')).toEqual(['AWQ', 'GPTQ']);
  });

  it('reads no citation key or reference label LaTeXML printed for want of the bibliography entry or the label', () => {
    expect(pdfScan('<p>GPTQ [<span class="ltx_ref ltx_missing_citation ltx_ref_self">GPTQ</span>] and AWQ (Table <span class="ltx_ref ltx_missing_label ltx_ref_self">LABEL:tab:AWQ_ppl</span>)</p>')).toEqual(['GPTQ', 'AWQ']);
  });

  it('reads QuIP# where math glued to QuIP shows its `#` alone (`QuIP$\\#$`), and no name that other math goes on with', () => {
    // LaTeXML's `QuIP$\#$` (a .bbl's title, a paper's text), and a superscript after a name, which bounds it.
    const html =
      '<p>QuIP<math alttext="\\#"><semantics><mi mathvariant="normal">#</mi><annotation encoding="application/x-tex">\\#</annotation></semantics></math>: lattice codebooks. <em>QuIP</em><math><mo>+</mo></math> and AWQ<math><msup><mi></mi><mo>†</mo></msup></math>, GPTQ<math><mi>#</mi></math>, ' +
      'QuIP<math alttext="\\#^{\\dagger}"><msup><mi>#</mi><mo>†</mo></msup></math></p><p>QuIP</p>';
    expect(pdfScan(html)).toEqual(['QuIP#', 'AWQ', 'QuIP']);
    document.body.innerHTML = `<article class="ltx_document">${html}</article>`;
    expect(contentScript(document.body)).toEqual(['QuIP#', 'AWQ', 'QuIP']);
  });

  it('reads no name that math a script typeset goes on with a `#`: MathJax 2 (after its empty preview) and 3', () => {
    // arXiv's abstract pages and listings typeset `QuIP$\#$` with MathJax 2; MathJax 3 draws its glyphs from CSS, its text is the MathML for assistive technology.
    const mathJax2 =
      'QuIP<span class="MathJax_Preview" style="color: inherit;"></span><span class="mjx-chtml MathJax_CHTML" id="MathJax-Element-1-Frame" tabindex="0"><span class="mjx-math" aria-hidden="true"><span class="mjx-mrow"><span class="mjx-mi"><span class="mjx-char MJXc-TeX-main-R">#</span></span></span></span><span class="MJX_Assistive_MathML" role="presentation"><math><mi mathvariant="normal">#</mi></math></span></span><script type="math/tex" id="MathJax-Element-1">\\#</script>: Even Better';
    const mathJax3 = 'QuIP<mjx-container class="MathJax" jax="CHTML"><mjx-math class="MJX-TEX" aria-hidden="true"><mjx-mi class="mjx-n"><mjx-c class="mjx-c23"></mjx-c></mjx-mi></mjx-math><mjx-assistive-mml display="inline"><math><mi mathvariant="normal">#</mi></math></mjx-assistive-mml></mjx-container> and AWQ';
    document.body.innerHTML = `<div id="abs"><h1 class="title mathjax">${mathJax2}</h1><blockquote class="abstract mathjax">${mathJax3}</blockquote></div>`;
    expect(contentScript(document.body)).toEqual(['AWQ']);
  });

  it('reads no author list', () => {
    expect(pdfScan('<div class="ltx_authors"><span class="ltx_personname">AWQ Team<br class="ltx_break">GPTQ Lab</span></div><p>QuIP</p>')).toEqual(['QuIP']);
  });

  it.each(['arxiv-html-short.html', 'arxiv-html-paper.html', 'arxiv-html-math-names.html'])('counts every method of %s alike', async (file) => {
    const html = await readFile(join(import.meta.dirname, 'fixtures/pages', file), 'utf8');
    const dictionary = await bundledDictionary();
    const scanned = Object.fromEntries(countMentions(htmlToText(html), dictionary).map((mention) => [mention.methodId, mention.count]));
    document.documentElement.innerHTML = new DOMParser().parseFromString(html.replace(/<link[^>]*>/g, ''), 'text/html').documentElement.innerHTML;
    withBrowserStyles();
    const root = rootsToRead(arxiv, document).roots[0]!;
    const { names, order } = planMatcher(dictionary.names);
    const counts: Record<string, number> = {};
    for (const nameIndex of nameIndicesFound(root, names)) {
      const method = dictionary.methods[dictionary.methodIndex[order[nameIndex]!]!]!;
      counts[method.id] = (counts[method.id] ?? 0) + 1;
    }
    expect(scanned).toEqual(counts);
  });
});
