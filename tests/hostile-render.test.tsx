// @vitest-environment happy-dom
/**
 * What a hostile snapshot looks like once it is shown: the records of `hostileSnapshot()` go through
 * the extension's own gate (`parseTopic`: size, hash, JSON, zod, references) into IndexedDB, come
 * back through the reader, and are rendered by the hover card. Nothing from the snapshot becomes an
 * element, an attribute or a URL; long text is cut to an excerpt with the full record one click away;
 * the card's stylesheet wraps anything that has no place to break and scrolls what is still too tall.
 * Links built from snapshot text are always http(s) searches.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { render } from 'preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HoverCard } from '@/components/HoverCard';
import { toCardModel } from '@/lib/card-model';
import { arxivTitleSearch, httpUrl, semanticScholarSearch } from '@/lib/popup/safe-url';
import { sha256Hex } from '@/lib/snapshot/hash';
import type { IndexEntry } from '@/lib/snapshot/schema';
import { openDb, type MethodLensDb } from '@/lib/store/db';
import { getMethodRecord } from '@/lib/store/read';
import { parseTopic } from '@/lib/sync/verify';
import { importDocuments } from './helpers/import-documents';
import { HOSTILE_TOPIC, hostileTopic, MAX_QUOTE, PAGE_NAMES, PWN, UNICODE } from './fixtures/hostile/snapshots';

let db: MethodLensDb;

beforeAll(async () => {
  db = openDb({ name: 'hostile-render', indexedDB: new IDBFactory(), IDBKeyRange });
  const bytes = new TextEncoder().encode(JSON.stringify(hostileTopic()));
  const entry: IndexEntry = { topic: HOSTILE_TOPIC, file: 'hostile.json', bytes: bytes.byteLength, sha256: await sha256Hex(bytes), updated: null };
  const { doc } = await parseTopic(bytes, entry, 'https://kb.example/hostile.json');
  await importDocuments(db, { generatedAt: '2025-06-01T00:00:00.000Z', topics: [doc] }, { source: 'https://kb.example/index.json' });
});

afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
  delete (window as { __pwned?: unknown }).__pwned;
});

async function renderCard(methodId: string): Promise<HTMLElement> {
  const record = (await getMethodRecord(db, methodId))!;
  expect(record).not.toBeNull();
  render(<HoverCard model={toCardModel(record)} theme="light" onOpenRecord={() => {}} onClose={() => {}} />, document.body);
  return document.body.querySelector<HTMLElement>('.ml-card')!;
}

/** Every element and attribute the card is made of: only the component's own, never the data's. */
function structure(root: Element): { tags: string[]; attributes: string[] } {
  const elements = [root, ...root.querySelectorAll('*')];
  return {
    tags: [...new Set(elements.map((element) => element.localName))].sort(),
    attributes: [...new Set(elements.flatMap((element) => element.getAttributeNames()))].sort(),
  };
}

const CARD_TAGS = ['bdi', 'blockquote', 'button', 'cite', 'div', 'li', 'p', 'span', 'strong', 'ul'];
const CARD_ATTRIBUTES = ['aria-describedby', 'aria-label', 'class', 'data-status', 'data-theme', 'id', 'role', 'style', 'type'];

describe('the hover card with a hostile record', () => {
  it('shows markup, script and URLs as text: no element, attribute or handler comes from the data', async () => {
    const card = await renderCard('evil-html');
    const { tags, attributes } = structure(card);
    expect(CARD_TAGS).toEqual(expect.arrayContaining(tags));
    expect(CARD_ATTRIBUTES).toEqual(expect.arrayContaining(attributes));
    expect(card.querySelector('img, script, svg, iframe, a, [onerror], [onload], [src], [href]')).toBeNull();
    expect(card.textContent).toContain(PWN.img);
    expect(card.textContent).toContain(PWN.script);
    expect(card.getAttribute('aria-label')).toBe(`Method Lens: ${PWN.img}`);
    // The ids the card's description points to are its own words, never the data's.
    expect([...card.querySelectorAll('[id]')].map((element) => element.id)).toEqual(card.getAttribute('aria-describedby')!.split(' '));
    expect(card.innerHTML).toContain('&lt;img src=x onerror="window.__pwned=1"&gt;');
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it('cuts a 1,000,000-character quote to a short excerpt; the full record is one click away', async () => {
    const record = (await getMethodRecord(db, 'long-quote'))!;
    expect(record.critiques[0]!.quote).toHaveLength(MAX_QUOTE);
    const card = await renderCard('long-quote');
    const quote = card.querySelector('.ml-quote p')!.textContent!;
    expect(quote.length).toBeLessThanOrEqual(200);
    expect(quote.endsWith('…”')).toBe(true);
    expect(card.querySelector('.ml-open')!.textContent).toBe('Open full record');
    // The whole card holds a bounded amount of text although the record holds over a megabyte.
    expect(card.textContent!.length).toBeLessThan(12_000);
  });

  it('keeps unicode edge cases as they are: right-to-left overrides, zero-width, combining marks, emoji, lone surrogates', async () => {
    const rtl = await renderCard('unicode-rtl');
    expect(rtl.querySelector('.ml-card-name')!.textContent).toBe(UNICODE.rtlOverride);
    render(null, document.body);
    const emoji = await renderCard('unicode-emoji');
    expect(emoji.querySelector('.ml-card-name')!.textContent).toBe(UNICODE.emoji);
    const evil = (await getMethodRecord(db, 'evil-html'))!;
    expect(evil.critiques.map((critique) => critique.quote)).toContain(UNICODE.loneSurrogates);
  });

  it('has a stylesheet that wraps unbreakable text, bounds the card to the viewport and scrolls the rest', () => {
    const css = readFileSync(resolve(import.meta.dirname, '../components/hover-card.css'), 'utf8');
    const card = css.slice(css.indexOf('.ml-card {'), css.indexOf('}', css.indexOf('.ml-card {')));
    expect(card).toMatch(/overflow-wrap:\s*anywhere/);
    // 360 × 480 px at the default font size (13 px text: lengths in em of it), and never past the viewport.
    expect(card).toMatch(/width:\s*min\(calc\(360em \/ 13\),\s*calc\(100vw - 16px\)\)/);
    expect(card).toMatch(/max-height:\s*min\(calc\(480em \/ 13\),\s*calc\(100vh - 16px\)\)/);
    expect(card).toMatch(/overflow:\s*auto/);
    // Its foot, stuck to its bottom edge, scrolls with the rest in a window 18em tall or less (400 % zoom;
    // tests/e2e/reader-browser.test.ts checks both in Chromium).
    expect(css).toMatch(/@media \(max-height:\s*18em\)\s*\{\s*\.ml-card-foot\s*\{\s*position:\s*static;?\s*\}/);
    // The 300-character name without a space is rendered whole (the stylesheet breaks it).
    return renderCard('wide').then((wide) => expect(wide.querySelector('.ml-card-name')!.textContent).toBe(PAGE_NAMES.wide));
  });
});

describe('links built from snapshot text', () => {
  it('are https searches whatever the title says', () => {
    for (const title of [PWN.javascriptUrl, PWN.dataUrl, PWN.img, UNICODE.rtlOverride, UNICODE.loneSurrogates]) {
      for (const link of [arxivTitleSearch(title), semanticScholarSearch(title)]) {
        expect(link).not.toBeNull();
        const url = new URL(link!);
        expect(url.protocol).toBe('https:');
        expect(['arxiv.org', 'www.semanticscholar.org']).toContain(url.hostname);
      }
    }
  });

  it('are refused when the base itself is not http(s)', () => {
    for (const base of [PWN.javascriptUrl, PWN.dataUrl, 'file:///etc/passwd', 'chrome://settings', 'blob:https://x/y', ' javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)']) {
      expect(httpUrl(base)).toBeNull();
    }
  });
});
