/**
 * Methods mentioned in an arXiv paper's HTML version (arXiv's, or ar5iv's for an older paper), for a
 * reader looking at its PDF (where no content script can read the text). Runs in the service worker,
 * which has no DOMParser: the HTML is reduced to text by a small tokenizer that reads what the content
 * script reads on an HTML paper (the article, without scripts, styles, math, SVG, navigation or
 * attribute values), then matched with the same matcher and dictionary.
 */
import { compileMatcher, type ElementEdges, type MatcherPlan } from '@/lib/match/matcher';
import { BOUNDARY, isBlockElement } from '@/lib/match/text-index';
import type { PageMention, PageSummaryMethod } from '@/lib/page-summary';
import type { Method } from '@/lib/snapshot/schema';
import type { MatchDictionary } from '@/lib/store/read';
import { AR5IV_HOST } from '@/lib/sites/ar5iv';
import { LATEXML_NOT_PROSE } from '@/lib/sites/latexml';
import { formatWait } from '@/lib/format';
import { retryAfterSeconds } from '@/lib/retry-after';

/** New-style ids (`2406.01234`, `2406.01234v2`) and old-style ones (`hep-th/9901001v1`, `math.AG/0101001`). */
export const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;

export interface ArxivHtmlScan {
  /** The HTML version that was read. */
  url: string;
  /** Whose HTML version it is: arXiv's, or ar5iv's for a paper arXiv has none of. */
  source: HtmlSource;
  /** Most superseded first, like a page's summary. */
  methods: PageSummaryMethod[];
}

/** The arXiv id of a PDF address (`https://arxiv.org/pdf/2406.01234v2`, with or without `.pdf`), else null. */
export function arxivIdOfPdfUrl(address: string | null | undefined): string | null {
  if (!address) return null;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  if (url.hostname !== 'arxiv.org' || !url.pathname.startsWith('/pdf/')) return null;
  const id = url.pathname.slice('/pdf/'.length).replace(/\.pdf$/, '').replace(/\/$/, '');
  return ARXIV_ID.test(id) ? id : null;
}

/** Whose HTML version of a paper was read. */
export type HtmlSource = 'arxiv' | 'ar5iv';

interface HtmlSite {
  source: HtmlSource;
  host: string;
  name: string;
  url: (arxivId: string) => string;
  /** Where the site sends a reader for a paper it has no HTML version of, if it does so. */
  sendsMissingTo?: string;
  /** The words of the page the site answers with (200) for a paper it has no HTML version of, if any. */
  noneNotice?: RegExp;
}

/**
 * Where a paper's HTML version is asked for, in order: arXiv's own, made for papers from December 2023
 * on (and some revised since), then ar5iv's (arXiv Labs), made for nearly all older papers. ar5iv keeps
 * one version of each paper, at the address without a version; it sends a paper it has not converted on
 * to its abstract page on arxiv.org.
 */
const ARXIV_HTML: HtmlSite = {
  source: 'arxiv',
  host: 'arxiv.org',
  name: 'arXiv',
  url: (arxivId) => `https://arxiv.org/html/${arxivId}`,
  noneNotice: /No HTML for|HTML is not available|not (?:yet )?(?:available|ready)/i,
};
const AR5IV_HTML: HtmlSite = {
  source: 'ar5iv',
  host: AR5IV_HOST,
  name: 'ar5iv',
  url: (arxivId) => `https://${AR5IV_HOST}/html/${arxivId.replace(/v\d+$/, '')}`,
  sendsMissingTo: 'arxiv.org',
};

const MAX_HTML_BYTES = 50 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

export interface ScanLimits {
  /** Largest HTML body read, declared or not; the default suits the largest arXiv papers. */
  maxBytes?: number;
  /** How long one site has to send the whole HTML version. */
  timeoutMs?: number;
}

/**
 * Fetches the paper's HTML version, arXiv's or else ar5iv's, and counts each method's mentions; throws an
 * error worded for the reader. ar5iv is asked only when arXiv answers that it has none: an arXiv that
 * fails otherwise may have one.
 */
export async function fetchArxivHtmlMentions(
  arxivId: string,
  dictionary: MatchDictionary & { plan?: MatcherPlan },
  fetchImpl: typeof fetch = fetch,
  limits: ScanLimits = {},
): Promise<{ url: string; source: HtmlSource; mentions: PageMention[] }> {
  const fromArxiv = await fetchLatexmlPaper(ARXIV_HTML, arxivId, fetchImpl, limits);
  const arxivSaid = fromArxiv.otherPage ? 'arXiv answered with a page that is not the paper’s HTML version' : 'arXiv has no HTML version of this paper';
  const answer = fromArxiv.paper ? fromArxiv : await fetchLatexmlPaper(AR5IV_HTML, arxivId, fetchImpl, limits, `${arxivSaid}, and `);
  const { paper } = answer;
  if (paper) return { url: paper.url, source: paper.source, mentions: countMentions(htmlToText(paper.html), dictionary) };
  // A page that is neither the paper nor a notice that there is none (a sign-in or error page) says
  // nothing of whether there is one: the reader can look for themselves.
  if (fromArxiv.otherPage) {
    throw new Error(
      `arXiv answered with a page that is not the paper’s HTML version (a sign-in or error page, perhaps), and ar5iv has none. ${lookInATab('arXiv', fromArxiv.otherPage)}`,
    );
  }
  if (answer.otherPage) {
    throw new Error(
      `arXiv has no HTML version of this paper, and ar5iv answered with a page that is not one (an error page, perhaps). ${lookInATab('ar5iv', answer.otherPage)}`,
    );
  }
  throw new Error('Neither arXiv nor ar5iv has an HTML version of this paper.');
}

/** What a reader can do when a site would not give Method Lens the paper: the content script reads it in a tab. */
function lookInATab(name: string, url: string): string {
  return `Open ${url} in a tab to see what ${name} says: if it shows the paper there, Method Lens marks it.`;
}

type LatexmlPaper = { url: string; source: HtmlSource; html: string };
/** The paper, or none: `otherPage`, the HTML version's address, when the site answered with a page neither the paper nor a notice that there is none. */
type SiteAnswer = { paper: LatexmlPaper; otherPage?: undefined } | { paper: null; otherPage: string | null };

/**
 * The LaTeXML paper one source serves for the id, or none. `context` starts the wording of the source's
 * failures (for ar5iv, that arXiv had no HTML version).
 */
async function fetchLatexmlPaper(
  { source, host, name, url: urlOf, sendsMissingTo, noneNotice }: HtmlSite,
  arxivId: string,
  fetchImpl: typeof fetch,
  { maxBytes = MAX_HTML_BYTES, timeoutMs = TIMEOUT_MS }: ScanLimits,
  context = '',
): Promise<SiteAnswer> {
  const none: SiteAnswer = { paper: null, otherPage: null };
  const failure = (message: string) => new Error(`${context}${message}`);
  const url = urlOf(arxivId);
  let response: Response;
  // Its time running out is the only way the request is aborted: what fails after that is the timeout,
  // whatever the browser calls the error (Chromium a TimeoutError, others may say AbortError).
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    // Not kept in the HTTP cache: the background fetches for a private window's tab too, with the regular
    // profile's cache, which is on disk.
    response = await fetchImpl(url, { credentials: 'omit', cache: 'no-store', signal: timeout });
  } catch {
    // The browser's own words ("Failed to fetch", "signal timed out") tell the reader nothing more.
    throw failure(
      timeout.aborted
        ? `${name} did not answer within ${seconds(timeoutMs)}: try again later.`
        : `${name} could not be reached: check the connection, or try again later.`,
    );
  }
  // A site may send the reader on within itself (arXiv to a versioned address), and ar5iv sends a paper it
  // has none of on to arxiv.org; anywhere else is not the paper.
  const landed = response.url ? new URL(response.url).hostname : host;
  if (landed !== host) {
    await response.body?.cancel().catch(() => {});
    if (landed === sendsMissingTo) return none;
    throw failure(`${name} sent the HTML version elsewhere (${new URL(response.url).host}); it was not scanned.`);
  }
  if (response.status === 404) {
    await response.body?.cancel().catch(() => {});
    return none;
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    const { status } = response;
    // Refused to Method Lens, which asks without the reader's cookies or sign-in (or from a network the
    // site blocks): the reader's own tab may be let in.
    if (status === 401 || status === 403) {
      throw failure(`${name} refused Method Lens the HTML version (HTTP ${status}): it asks without your cookies or sign-in. ${lookInATab(name, url)}`);
    }
    const wait = retryAfterSeconds(response.headers.get('Retry-After'));
    const busy = status === 429 || status >= 500 ? ` It failed or is busy: try again ${wait === null ? 'later' : `in ${formatWait(wait)}, as it asks`}.` : '';
    throw failure(`${name} answered with HTTP ${status} for the HTML version.${busy}`);
  }
  const html = await readTextWithin(response, `${name}’s HTML version`, maxBytes, timeout, timeoutMs, failure);
  // A 200 that is not a LaTeXML paper (a notice that the HTML version is not ready, a page arXiv sent
  // the reader on to) must not read as a paper that mentions no method; nor a sign-in or error page as
  // a paper there is no HTML version of.
  if (!LATEXML_ARTICLE.test(html)) {
    const sentToAbstract = response.url !== '' && new URL(response.url).pathname.startsWith('/abs/');
    return { paper: null, otherPage: sentToAbstract || noneNotice?.test(htmlToText(html).text) ? null : url };
  }
  return { paper: { url: response.url || url, source, html } };
}

/**
 * The body as text, refused as soon as it passes `maxBytes`: a declared Content-Length is checked
 * first, and the bytes are counted as they arrive, since a chunked answer declares no size.
 */
async function readTextWithin(
  response: Response,
  what: string,
  maxBytes: number,
  timeout: AbortSignal,
  timeoutMs: number,
  failure: (message: string) => Error,
): Promise<string> {
  const tooLarge = () => failure(`${what} is too large to scan (over ${Math.round(maxBytes / (1024 * 1024))} MB).`);
  if (Number(response.headers.get('Content-Length') ?? 0) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
  } catch (error) {
    if (bytes > maxBytes) throw error;
    throw failure(
      timeout.aborted
        ? `${what} took longer than ${seconds(timeoutMs)} to download: try again later.`
        : // A body said to be compressed that cannot be unpacked fails as a connection cut part-way does.
          `${what} broke off while downloading: the connection was lost, or it came compressed (the header Content-Encoding) in a form that cannot be unpacked; the browser does not say which. Try again later.`,
    );
  }
  parts.push(decoder.decode());
  return parts.join('');
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

/** Mentions per method, most mentioned first. */
export function countMentions(paper: PaperText, dictionary: MatchDictionary & { plan?: MatcherPlan }): PageMention[] {
  const mentions = new Map<string, Required<PageMention>>();
  for (const span of compileMatcher(dictionary.names, dictionary.plan).find(paper.text, paperEdges(paper))) {
    const method = dictionary.methods[dictionary.methodIndex[span.nameIndex]!];
    if (!method) continue;
    const mention = mentions.get(method.id) ?? mentions.set(method.id, { methodId: method.id, count: 0, names: [] }).get(method.id)!;
    mention.count += 1;
    const name = dictionary.names[span.nameIndex]!;
    if (!mention.names.includes(name)) mention.names.push(name);
  }
  return Array.from(mentions.values()).sort((a, b) => b.count - a.count);
}

/** The element edges of a paper's text, as the content script's edges are on the page. */
export function paperEdges(paper: PaperText): ElementEdges {
  const apart = new Set(paper.setApartAt);
  // A raised or lowered element's edge bounds a name without cutting one.
  return {
    offsets: paper.setApartAt,
    separates: (offset) => apart.has(offset),
    mathGoesOn: (offset) => paper.mathGoesOn.get(offset) ?? '',
    mathStarts: [...paper.mathGoesOn.keys()],
  };
}

/** The article LaTeXML writes a paper into. */
const LATEXML_ARTICLE = /<article\b[^>]*\bltx_document\b/i;
/**
 * Elements whose content is never prose: raw text (script, style), form fields, or markup that only
 * looks like text. The content script skips the same (`ALWAYS_SKIPPED` in text-index.ts; math typeset
 * by scripts never occurs in a LaTeXML paper) and arXiv's chrome (`lib/sites/arxiv.ts`).
 */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'pre', 'code', 'math', 'svg', 'head', 'title', 'nav', 'header', 'footer', 'form']);
/** Classes of the paper's parts that are not prose (code listings), skipped like `SKIPPED`. */
const SKIPPED_CLASS = new RegExp(`(?:^|\\s)(?:${LATEXML_NOT_PROSE.join('|')})(?=\\s|$)`);
/** Skipped elements that are never drawn, not even as a gap: the text on either side reads as one (as the content script reads it). */
const NEVER_RENDERED = new Set(['script', 'style', 'noscript', 'template']);
/**
 * Inline elements set apart from the text around them, raised or lowered: their edges bound a name
 * (`AWQ<sup>1</sup>` holds AWQ) without cutting one (`QuIP<sup>#</sup>` reads QuIP#), as on the page.
 */
const SET_APART = new Set(['sup', 'sub']);

/** A paper's readable text, and the places in it where a raised or lowered element starts or ends. */
export interface PaperText {
  text: string;
  setApartAt: number[];
  /**
   * Where math starts with a `+` or `#` right after the text before it (`QuIP$\#$` reads QuIP#), and what it
   * shows, as `ElementEdges.mathGoesOn` says it: no name ends there, but one the math's `#` or `+` alone ends.
   */
  mathGoesOn: Map<number, string>;
}
/** Elements whose content the tokenizer must not parse as HTML. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * The readable text of an HTML document: only the `<article>` when there is one (LaTeXML papers),
 * without skipped or `hidden` elements, with BOUNDARY where a block element, a shown skipped element
 * or a raised or lowered one separates text (so no name is matched across two cells or paragraphs, or
 * into a footnote mark) and entities decoded.
 */
export function htmlToText(html: string): PaperText {
  const parts: string[] = [];
  let length = 0;
  const push = (part: string) => {
    parts.push(part);
    length += part.length;
  };
  const setApartAt: number[] = [];
  const mathGoesOn = new Map<number, string>();
  const articleStart = /<article\b/i.exec(html);
  let position = articleStart?.index ?? 0;
  /**
   * The skipped element being passed; `unseen`: one never rendered, no gap in the text; `math`: math that may go
   * on with the text before it, where it starts, its LaTeXML source and what it shows, read so far (all its
   * text, as the content script's `textContent`), until it shows something that is no `+` or `#` first.
   */
  let skipping: { name: string; depth: number; unseen: boolean; math?: { at: number; source: string | undefined; shown: string } } | null = null;
  let inArticle = 0;
  while (position < html.length) {
    const open = html.indexOf('<', position);
    const textEnd = open === -1 ? html.length : open;
    if (!skipping && textEnd > position) push(decodeEntities(html.slice(position, textEnd)));
    else if (skipping?.math && textEnd > position) {
      const { math } = skipping;
      math.shown += decodeEntities(html.slice(position, textEnd));
      const first = math.shown.trimStart()[0];
      if (first !== undefined && first !== '+' && first !== '#') skipping.math = undefined;
    }
    if (open === -1) break;
    const tag = readTag(html, open);
    if (!tag) {
      if (!skipping) push('<');
      position = open + 1;
      continue;
    }
    position = tag.end;
    if (tag.kind !== 'element') continue; // comments, doctype, processing instructions
    const { name, closing, selfClosing } = tag;
    if (name === 'article' && articleStart) {
      inArticle += closing ? -1 : 1;
      if (inArticle === 0) break;
    }
    if (skipping) {
      if (name === skipping.name && !selfClosing) skipping.depth += closing ? -1 : 1;
      if (skipping.depth === 0) {
        // What the content script reads of math (`mathGoingOnAfter` in text-index.ts): its source where LaTeXML
        // gives it, `\#` read as the `#` it prints, else all it shows.
        const shown = skipping.math?.shown.trim();
        if (shown) mathGoesOn.set(skipping.math!.at, skipping.math!.source?.replace(/^\\#$/, '#') || shown);
        if (!skipping.unseen) push(BOUNDARY);
        skipping = null;
      }
      continue;
    }
    if (closing) {
      if (isBlockElement({ localName: name } as Element)) push(BOUNDARY);
      else if (SET_APART.has(name)) setApartAt.push(length);
      continue;
    }
    // Never rendered, not even as a gap (a `hidden` element, or a script): the text on either side reads as one.
    const unseen = tag.hidden || NEVER_RENDERED.has(name);
    if (RAW_TEXT.has(name)) {
      position = endOfRawText(html, position, name);
      if (!unseen) push(BOUNDARY);
      continue;
    }
    if (VOID.has(name) || selfClosing) {
      if (!unseen && (SKIPPED.has(name) || isBlockElement({ localName: name } as Element))) push(BOUNDARY);
      continue;
    }
    if (unseen || SKIPPED.has(name) || SKIPPED_CLASS.test(tag.classes)) {
      skipping = { name, depth: 1, unseen };
      if (name === 'math' && !unseen) {
        const source = attributeValue(ALTTEXT_ATTRIBUTE, html.slice(open, tag.end));
        skipping.math = { at: length, source: source && decodeEntities(source), shown: '' };
      }
      if (!unseen) push(BOUNDARY);
      continue;
    }
    if (isBlockElement({ localName: name } as Element)) push(BOUNDARY);
    else if (SET_APART.has(name)) setApartAt.push(length);
  }
  return { text: parts.join(''), setApartAt, mathGoesOn };
}

type Tag =
  | { kind: 'element'; name: string; closing: boolean; selfClosing: boolean; hidden: boolean; classes: string; end: number }
  | { kind: 'other'; end: number };

/** The tag starting at `open` (a `<`), honouring quoted attribute values; null when `<` starts no tag. */
function readTag(html: string, open: number): Tag | null {
  if (html.startsWith('<!--', open)) {
    const close = html.indexOf('-->', open + 4);
    return { kind: 'other', end: close === -1 ? html.length : close + 3 };
  }
  const next = html[open + 1];
  if (next === '!' || next === '?') {
    const close = html.indexOf('>', open);
    return { kind: 'other', end: close === -1 ? html.length : close + 1 };
  }
  const match = /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)/.exec(html.slice(open, open + 64));
  if (!match) return null;
  let position = open + match[0].length;
  let quote: string | null = null;
  /** The attributes with their quoted values left out, to find the `hidden` attribute's name. */
  let unquoted = '';
  while (position < html.length) {
    const char = html[position]!;
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      break;
    } else {
      unquoted += char;
    }
    position += 1;
  }
  return {
    kind: 'element',
    name: match[2]!.toLowerCase(),
    closing: match[1] === '/',
    selfClosing: html[position - 1] === '/',
    hidden: /(?:^|\s)hidden(?=\s|=|\/|$)/i.test(unquoted),
    classes: attributeValue(CLASS_ATTRIBUTE, html.slice(open, position)) ?? '',
    end: Math.min(position + 1, html.length),
  };
}

/** An element's class attribute, its value quoted or not. */
const CLASS_ATTRIBUTE = /\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;
/** A LaTeXML math element's source, its `alttext` attribute. */
const ALTTEXT_ATTRIBUTE = /\salttext\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;

/** The value of the attribute `pattern` finds in a tag (one of the three ways of quoting it), as written. */
function attributeValue(pattern: RegExp, tag: string): string | undefined {
  return pattern.exec(tag)?.slice(1).find((value) => value !== undefined);
}

/** Where the text of a raw-text element (script, style…) ends: after its closing tag. */
function endOfRawText(html: string, from: number, name: string): number {
  const close = new RegExp(`</${name}\\s*>`, 'ig');
  close.lastIndex = from;
  const match = close.exec(html);
  return match ? match.index + match[0].length : html.length;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  zwnj: '\u200c', zwj: '\u200d', shy: '\u00ad', ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’',
  sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»', middot: '·', bull: '•', dagger: '†',
  Dagger: '‡', deg: '°', times: '×', minus: '−', plusmn: '±', sect: '§', para: '¶', copy: '©', reg: '®', trade: '™',
};

/** Decodes character references; an unknown or malformed one stays as written, as in a browser. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/g, (whole, body: string) => {
    if (body[0] !== '#') return NAMED_ENTITIES[body] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : '\ufffd';
  });
}
