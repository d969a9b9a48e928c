// @vitest-environment happy-dom
/**
 * The page session in a DOM without a browser: marks follow the page's changes at once, even while a
 * pass is under way; a pass's marks show when it ends (a long pass's from its first segment on); an
 * editor never counts as a page change; a rescan's measure covers its frame; on a site whose content
 * shows after the page, the page is said to be being read until it does (for a while at most).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { compileMatcher, type Matcher } from '@/lib/match/matcher';
import { PageSession } from '@/lib/content/page-session';
import { Slicer, WARM_UP_PAUSES } from '@/lib/content/slicer';
import { SCAN_MEASURE } from '@/lib/content/measures';
import { REPORT_DELAY_MS } from '@/lib/content/page-session';
import { CONTENT_WAIT_MS } from '@/lib/page-summary';
import type { SiteAdapter } from '@/lib/sites/site';
import { arxiv } from '@/lib/sites/arxiv';
import { HIGHLIGHT_NAMES } from '@/lib/snapshot/status';
import { installStaticRange } from './helpers/static-range';
import { testSite } from './helpers/test-site';

beforeAll(() => {
  // happy-dom has neither the Custom Highlight API nor StaticRange: the same shapes, as in browsers.
  const globals = globalThis as Record<string, unknown>;
  globals.Highlight ??= class extends Set<AbstractRange> {};
  // happy-dom's CSS is a getter that makes a new object each time: pin one that holds a registry.
  Object.defineProperty(globalThis, 'CSS', { value: { ...(globals.CSS as object), highlights: new Map() }, configurable: true });
  installStaticRange();
});

const NAMES = ['AWQ', 'GPTQ', 'QuIP#'];
const site = testSite;

/**
 * The warm-up pauses each test's script starts with: all of them, as a page's first script. A test on a
 * fake clock, which holds their timers until it is advanced past them, starts with none.
 */
let warmUpPauses = WARM_UP_PAUSES;

/** A script's context: frames run when the test says so, with the time each one started. */
function fakeContext() {
  const frames: (() => void)[] = [];
  const frameStarts: number[] = [];
  const frameEnds: number[] = [];
  const ctx = {
    isInvalid: false,
    requestAnimationFrame: (callback: () => void) => frames.push(callback),
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  } as unknown as ContentScriptContext;
  return {
    ctx,
    warmUp: { pausesLeft: warmUpPauses },
    frameStarts,
    frameEnds,
    pendingFrames: () => frames.length,
    runFrames() {
      for (const frame of frames.splice(0)) {
        frameStarts.push(performance.now());
        frame();
        frameEnds.push(performance.now());
      }
    },
  };
}

/** Every text the session's matcher was given since the test began: what its passes read. */
const textsMatched: string[] = [];
function recordingMatcher(names: readonly string[]): Matcher {
  const matcher = compileMatcher(names);
  return {
    find: matcher.find,
    findInSteps: (text, edges) => {
      textsMatched.push(text);
      return matcher.findInSteps(text, edges);
    },
  };
}

let session: PageSession | null = null;
afterEach(() => {
  textsMatched.length = 0;
  warmUpPauses = WARM_UP_PAUSES;
  vi.restoreAllMocks();
  session?.dispose();
  session = null;
  performance.clearMeasures(SCAN_MEASURE);
  document.body.innerHTML = '';
});

/** Starts a session on a page of `html` (null: the page as the test made it). */
function startSession(
  html: string | null,
  // Returning false: the report was not sent (the page's address moved on). Any other result: it was.
  onMentions: (paused: boolean, mentions: { methodId: string; count: number; names?: string[] }[], reading: boolean) => unknown = () => {},
  showMarksAfterMs?: number,
  onShown?: () => void,
  onSite: SiteAdapter = site,
  calmWindowMs?: number,
) {
  if (html !== null) document.body.innerHTML = html;
  const context = fakeContext();
  session = new PageSession({
    ctx: context.ctx,
    warmUp: context.warmUp,
    site: onSite,
    matcher: recordingMatcher(NAMES),
    dictionary: { methods: NAMES.map((name) => ({ id: name.toLowerCase(), status: null })), methodIndex: NAMES.map((_, i) => i), names: NAMES },
    onMentions: (mentions, paused, reading) => onMentions(paused, mentions, reading) !== false,
    showMarksAfterMs,
    onShown,
    calmWindowMs,
    segmentChars: SEGMENT_CHARS,
  });
  session.start();
  return context;
}

/** Segments of a pass here: a page of a few hundred kilobytes is cut into several (a real page's are 1M). */
const SEGMENT_CHARS = 1 << 16;

const measures = () => performance.getEntriesByName(SCAN_MEASURE) as PerformanceMeasure[];
// The real timer and clock, taken before a test fakes them: a turn of the event loop, and how long `until` waits.
const realSetTimeout = globalThis.setTimeout;
const realNow = Date.now;
const flushMicrotasks = () => new Promise((resolve) => realSetTimeout(resolve, 0));
/**
 * Turns the event loop until `condition` holds, for up to 10 s: bounded by time, not turns, since a
 * long pass takes more of its 3 ms slices, and so more turns, on a machine busy with other tests.
 */
async function until(condition: () => boolean) {
  const giveUpAt = realNow() + 10_000;
  while (!condition() && realNow() < giveUpAt) await flushMicrotasks();
  expect(condition()).toBe(true);
}
const markedTexts = () =>
  [...(CSS.highlights as unknown as Map<string, Set<StaticRange>>).values()].flatMap((highlight) =>
    [...highlight].map((range) => (range.startContainer as Text).data.slice(range.startOffset, range.endOffset)),
  );

describe('PageSession', () => {
  it('drops the marks of changed and removed text at once, before any rescan', async () => {
    startSession('<p id="a">AWQ and GPTQ</p><p id="b">QuIP# here</p>');
    await until(() => measures().length === 1);
    expect(session!.marks.size).toBe(3);
    (document.querySelector('#a')!.firstChild as Text).data = 'nothing here';
    document.querySelector('#b')!.remove();
    await flushMicrotasks(); // the observer's callback, no frame yet
    expect(session!.marks.size).toBe(0);
    expect(measures()).toHaveLength(1);
  });

  it('reads a block again when math in it changes: math glued after a name that shows a + or # goes on with it', async () => {
    const context = startSession('<p>AWQ<math><mi id="shown">x</mi></math> beats GPTQ</p>');
    await until(() => measures().length === 1);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
    // A script typesets the math anew: it now shows `AWQ+`, another name than AWQ.
    (document.querySelector('#shown')!.firstChild as Text).data = '+';
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts()).toEqual(['GPTQ']);
    // And back.
    document.querySelector('#shown')!.replaceChildren('x');
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 3);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
  });

  it('marks and reports QuIP# where LaTeXML typesets its # as math glued to QuIP, and drops the mark when the math changes', async () => {
    const reports: string[][] = [];
    const context = startSession(
      '<p>QuIP<math alttext="\\#"><semantics><mi id="shown" mathvariant="normal">#</mi><annotation encoding="application/x-tex">\\#</annotation></semantics></math> beats GPTQ</p>',
      (_paused, mentions, reading) => {
        if (!reading) reports.push(mentions.map(({ methodId, count, names }) => `${methodId} ${count} ${names}`).sort());
      },
    );
    await until(() => reports.length === 1);
    // One mention of QuIP#, under its own name, marked from QuIP through the math's `#`.
    expect(reports[0]).toEqual(['gptq 1 GPTQ', 'quip# 1 QuIP#']);
    const shown = document.querySelector('#shown')!.firstChild as Text;
    const ranges = [...(CSS.highlights as unknown as Map<string, Set<StaticRange>>).values()].flatMap((highlight) => [...highlight]);
    expect(ranges.find((range) => range.endContainer === shown)).toMatchObject({ startOffset: 0, endOffset: 1 });
    // A script typesets the math anew: the mark goes at once, and the rescan finds no QuIP# there.
    shown.data = 'x';
    await flushMicrotasks();
    expect(markedTexts()).toEqual(['GPTQ']);
    context.runFrames();
    await until(() => measures().length === 2);
    await until(() => reports.length === 2);
    expect(reports[1]).toEqual(['gptq 1 GPTQ']);
  });

  it('makes no mark on text that changed while its pass was under way', async () => {
    // Enough paragraphs for a pass of several slices; the first slice runs within start() and reads #p0.
    const paragraphs = Array.from({ length: 3_000 }, (_, i) => `<p id="p${i}">AWQ ${'x '.repeat(40)}</p>`).join('');
    startSession(paragraphs);
    const first = document.querySelector('#p0')!.firstChild as Text;
    first.data = 'GPTQ then AWQ'; // a mark made from what the pass read (0–3) would now cover "GPT"
    await until(() => measures().length === 1);
    expect((measures()[0]!.detail as { slices: number }).slices).toBeGreaterThan(1); // the change fell inside the pass
    expect(session!.marks.markAt(first, 1)).toBeUndefined();
    expect(session!.marks.size).toBe(2_999);
    expect(new Set(markedTexts())).toEqual(new Set(['AWQ']));
  });

  it('finds the roots once for the first pass, and gives the page its turn before reading when that used up the slice', async () => {
    document.body.innerHTML = '<p>AWQ and GPTQ</p>';
    let rootsFound = 0;
    // A clock that moves only while the roots are found: the slice count cannot depend on how busy the
    // machine is (a real clock let a loaded CI machine cut the second slice in two).
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    // Finding the roots of a huge page walks all of it: here it takes more than a slice's budget (3 ms).
    const findRoots = document.querySelectorAll.bind(document);
    vi.spyOn(document, 'querySelectorAll').mockImplementation((selector: string) => {
      if (selector === site.rootSelector) {
        rootsFound++;
        clock += 8;
      }
      return findRoots(selector);
    });
    const queries = vi.spyOn(document.body, 'querySelectorAll');
    const { ctx, warmUp } = fakeContext();
    session = new PageSession({
      ctx,
      warmUp,
      site,
      matcher: compileMatcher(NAMES),
      dictionary: { methods: NAMES.map((name) => ({ id: name.toLowerCase(), status: null })), methodIndex: NAMES.map((_, i) => i), names: NAMES },
      onMentions: () => {},
    });
    session.start();
    // start() has returned: the first slice held the roots alone, not the first query for skipped elements.
    expect(rootsFound).toBe(1);
    expect(queries).not.toHaveBeenCalled();
    await until(() => measures().length === 1);
    expect(rootsFound).toBe(1);
    expect(queries).toHaveBeenCalled();
    expect((measures()[0]!.detail as { slices: number; marks: number }).slices).toBe(2);
    expect(session.marks.size).toBe(2);
  });

  /** How many marks each of our highlights held when it entered `CSS.highlights`. */
  function watchRegistrations(): number[] {
    const sizes: number[] = [];
    const registry = CSS.highlights as unknown as Map<string, Set<unknown>>;
    const set = registry.set.bind(registry);
    vi.spyOn(registry, 'set').mockImplementation((name, highlight) => {
      sizes.push(highlight.size);
      return set(name, highlight);
    });
    return sizes;
  }
  // 3,000 paragraphs of ~85 characters: a pass of several slices and four segments of 64k characters.
  const LONG_PAGE = Array.from({ length: 3_000 }, (_, i) => `<p id="p${i}">AWQ ${'x '.repeat(40)}</p>`).join('');

  it('shows a pass’s marks when it ends, all at once', async () => {
    const registered = watchRegistrations();
    startSession(LONG_PAGE, () => {}, Infinity);
    await until(() => measures().length === 1);
    expect((measures()[0]!.detail as { slices: number }).slices).toBeGreaterThan(1);
    expect(registered).toEqual([3_000]);
    expect(markedTexts()).toHaveLength(3_000);
  });

  it('shows a long pass’s marks from its first segment on, before it ends', async () => {
    const registered = watchRegistrations();
    startSession(LONG_PAGE, () => {}, 0);
    await until(() => measures().length === 1);
    expect(registered).toHaveLength(1);
    expect(registered[0]).toBeGreaterThan(0);
    expect(registered[0]).toBeLessThan(1_000);
    expect(markedTexts()).toHaveLength(3_000);
  });

  it('shows a long first pass’s marks of every status as its segments find them, not only those of its first segment', async () => {
    // The first segment (64k characters) names AWQ alone, the rest GPTQ alone: two statuses, two highlights.
    const html = Array.from({ length: 3_000 }, (_, i) => `<p>${i < 1_000 ? 'AWQ' : 'GPTQ'} ${'x '.repeat(40)}</p>`).join('');
    const registered = watchRegistrations();
    document.body.innerHTML = html;
    const { ctx, warmUp } = fakeContext();
    session = new PageSession({
      ctx,
      warmUp,
      site,
      matcher: compileMatcher(NAMES),
      dictionary: { methods: [{ id: 'awq', status: 'superseded' }, { id: 'gptq', status: null }, { id: 'quip#', status: null }], methodIndex: [0, 1, 2], names: NAMES },
      onMentions: () => {},
      showMarksAfterMs: 0,
      segmentChars: SEGMENT_CHARS,
    });
    session.start();
    await until(() => measures().length === 1);
    // GPTQ's highlight entered the registry with a segment's marks, before the pass ended with all 2,000.
    expect(registered).toHaveLength(2);
    expect(registered[1]).toBeGreaterThan(0);
    expect(registered[1]).toBeLessThan(2_000);
    expect(markedTexts()).toHaveLength(3_000);
  });

  it('keeps the marks of unchanged text shown through a full rescan, until the new ones take their place', async () => {
    // 300 paragraphs; 250 changed in one frame is past the threshold for rescanning block by block.
    const context = startSession(Array.from({ length: 300 }, (_, i) => `<p id="p${i}">AWQ ${i}</p>`).join(''));
    await until(() => measures().length === 1);
    const registry = CSS.highlights as unknown as Map<string, Set<StaticRange>>;
    const shown = registry.get(HIGHLIGHT_NAMES.none)!;
    expect(shown.size).toBe(300);
    const emptiedWhileShown: number[] = [];
    const clear = shown.clear.bind(shown);
    vi.spyOn(shown, 'clear').mockImplementation(() => {
      if (registry.get(HIGHLIGHT_NAMES.none) === shown) emptiedWhileShown.push(shown.size);
      clear();
    });
    for (let i = 0; i < 250; i++) document.querySelector(`#p${i}`)!.append(' and GPTQ');
    await flushMicrotasks();
    expect(shown.size).toBe(300); // text was added next to each mark, none of the marked text changed
    context.runFrames();
    await until(() => measures().length === 2);
    expect((measures()[1]!.detail as { marks: number }).marks).toBe(550);
    expect(emptiedWhileShown).toEqual([]);
    expect(registry.get(HIGHLIGHT_NAMES.none)).not.toBe(shown);
    expect(markedTexts()).toHaveLength(550);
    expect(session!.marks.size).toBe(550);
  });

  it('keeps the marks of unchanged text shown through a long full rescan, which shows its own only when it ends', async () => {
    // Shown from its first segment on, a rescan of a long page (four segments) would put a quarter of
    // the page's marks in place of all of them: the marks of unchanged text would blink out until it ends.
    const context = startSession(LONG_PAGE, () => {}, 0);
    await until(() => measures().length === 1);
    expect(session!.marks.size).toBe(3_000);
    const registered = watchRegistrations();
    for (let i = 0; i < 250; i++) document.querySelector(`#p${i}`)!.append(' and GPTQ');
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect((measures()[1]!.detail as { slices: number }).slices).toBeGreaterThan(1);
    expect(registered).toEqual([3_250]);
    expect(markedTexts()).toHaveLength(3_250);
  });

  it('withdraws a muted method’s marks at once, marks it in no rescan after, and tells the popup', async () => {
    const reports: string[][] = [];
    const context = startSession('<p id="first">AWQ and GPTQ</p><p>GPTQ, QuIP#</p>', (_paused, mentions, reading) => {
      if (!reading) reports.push(mentions.map(({ methodId, count }) => `${methodId} ${count}`).sort());
    });
    await until(() => reports.length === 1);
    expect(reports[0]).toEqual(['awq 1', 'gptq 2', 'quip# 1']);
    session!.withdraw(['gptq', 'a method this page does not know']);
    expect(markedTexts().sort()).toEqual(['AWQ', 'QuIP#']);
    await until(() => reports.length === 2);
    expect(reports[1]).toEqual(['awq 1', 'quip# 1']);
    // The page changes a block: read again, it still names GPTQ, which stays unmarked.
    document.querySelector('#first')!.append(', then GPTQ and AWQ');
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts().sort()).toEqual(['AWQ', 'AWQ', 'QuIP#']);
  });

  it('withdrawn while a full pass is under way, a method has none of that pass’s marks when it shows them', async () => {
    const pause = Slicer.prototype.pause;
    let paused = 0;
    vi.spyOn(Slicer.prototype, 'pause').mockImplementation(function (this: Slicer) {
      if (++paused === 2) session!.withdraw(['gptq']);
      return pause.call(this);
    });
    startSession(LONG_PAGE.replaceAll('AWQ', 'AWQ GPTQ'), () => {}, Infinity);
    await until(() => measures().length === 1);
    expect(paused).toBeGreaterThan(2);
    expect(markedTexts()).toHaveLength(3_000);
    expect(new Set(markedTexts())).toEqual(new Set(['AWQ']));
  });

  it('keeps a block’s marks through a rescan of it in several slices, until its new ones take their place', async () => {
    // A rescan of one block marks in place. The page adding an element to a long block (an app's live
    // update in its <main>) has it read again over several slices: a card's look at the page, or a frame,
    // between two of them must still find the marks of its text, which did not change.
    const context = startSession(`<main>${LONG_PAGE}</main>`, () => {}, 0);
    await until(() => measures().length === 1);
    expect(session!.marks.size).toBe(3_000);
    document.querySelector('main')!.append(Object.assign(document.createElement('span'), { textContent: 'update' }));
    await flushMicrotasks();
    // What the page (or the card) finds at each pause of the rescan.
    const seen: number[] = [];
    const pause = Slicer.prototype.pause;
    vi.spyOn(Slicer.prototype, 'pause').mockImplementation(function (this: Slicer) {
      seen.push(session!.marks.size);
      return pause.call(this);
    });
    context.runFrames();
    await until(() => measures().length === 2);
    expect((measures()[1]!.detail as { slices: number }).slices).toBeGreaterThan(1);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.min(...seen)).toBe(3_000);
    expect(markedTexts()).toHaveLength(3_000);
  });

  it('never counts typing in an editor as a page change: no rescan, no pause', async () => {
    let pausedReported = false;
    const context = startSession('<p>AWQ</p><div contenteditable="true"><p id="note">GPTQ</p></div>', (paused) => {
      pausedReported ||= paused;
    });
    await until(() => measures().length === 1);
    const note = document.querySelector('#note')!.firstChild as Text;
    for (let i = 0; i < 100; i++) {
      note.data = `GPTQ ${i}`;
      await flushMicrotasks();
      context.runFrames();
    }
    expect(measures()).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the mentions report
    expect(pausedReported).toBe(false);
    // The page's own text still follows changes.
    document.querySelector('p')!.append(' and QuIP#');
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts().sort()).toEqual(['AWQ', 'QuIP#']);
  });

  it('says once, when its first pass has shown its marks, that it has: what it replaces can go then', async () => {
    const shownWith: string[][] = [];
    const context = startSession('<p id="a">AWQ and GPTQ</p>', () => {}, undefined, () => shownWith.push(markedTexts().sort()));
    await until(() => measures().length === 1);
    expect(shownWith).toEqual([['AWQ', 'GPTQ']]); // registered before the call
    document.querySelector('#a')!.append(' QuIP#');
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect(shownWith).toHaveLength(1);
  });

  it('says so on a page with nothing to mark too, and never once stopped before its first pass ends', async () => {
    let shown = 0;
    startSession('<p>nothing here</p>', () => {}, undefined, () => shown++);
    await until(() => measures().length === 1);
    expect(shown).toBe(1);
    session!.dispose();
    // Enough paragraphs for a pass of several slices: stopped after its first slice.
    startSession(Array.from({ length: 3_000 }, (_, i) => `<p>AWQ ${i} ${'x '.repeat(40)}</p>`).join(''), () => {}, Infinity, () => shown++);
    session!.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(measures()).toHaveLength(1);
    expect(shown).toBe(1);
  });

  it('reports nothing more once stopped, though a report was due', async () => {
    const reports: boolean[] = [];
    startSession('<p>AWQ and GPTQ</p>', (paused) => reports.push(paused));
    await until(() => measures().length === 1); // the report is due 250 ms after the pass
    session!.dispose();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(reports).toEqual([]);
  });

  it('reports again only when what it found changed: a clock ticking in the text sends nothing', async () => {
    const reports: string[] = [];
    const context = startSession('<p>AWQ, read at <span id="clock">12:00:00</span></p><p>GPTQ</p>', (paused, mentions, reading) => reports.push(JSON.stringify({ paused, mentions, reading })));
    await until(() => measures().length === 1);
    await new Promise((resolve) => setTimeout(resolve, REPORT_DELAY_MS + 50));
    expect(reports).toHaveLength(1);
    const clock = document.querySelector('#clock')!;
    for (let tick = 1; tick <= 3; tick++) {
      clock.textContent = `12:00:0${tick}`;
      await flushMicrotasks();
      context.runFrames();
      await until(() => measures().length === 1 + tick);
      await new Promise((resolve) => setTimeout(resolve, REPORT_DELAY_MS + 50));
    }
    // Each tick was read again (three rescans, AWQ's block marked anew: listed after GPTQ now), and found
    // the page mentioning what it did.
    expect(reports).toHaveLength(1);
    clock.textContent = '12:00:04, and QuIP#';
    await flushMicrotasks();
    context.runFrames();
    await until(() => reports.length === 2);
    expect(reports[1]).toContain('quip#');
    // Asked to say it again (the background forgot the page), it does, though nothing changed.
    session!.reportAgain();
    await until(() => reports.length === 3);
    expect(reports[2]).toBe(reports[1]);
  });

  it('a report the page did not send (the site had moved on to another address) is sent by the next pass that finds the same', async () => {
    const reports: string[] = [];
    let addressMovedOn = true;
    const context = startSession('<p>AWQ, read at <span id="clock">12:00:00</span></p>', (paused, mentions) => {
      if (addressMovedOn) return false;
      reports.push(JSON.stringify({ paused, mentions }));
    });
    await until(() => measures().length === 1);
    await new Promise((resolve) => setTimeout(resolve, REPORT_DELAY_MS + 50));
    expect(reports).toHaveLength(0);
    // Back on the address (A → B → A faster than the script follows): the background forgot the page at B.
    addressMovedOn = false;
    document.querySelector('#clock')!.textContent = '12:00:01';
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    await until(() => reports.length === 1);
    expect(reports[0]).toContain('awq');
  });

  it('measures a rescan from the frame that starts it', async () => {
    const context = startSession('<p id="a">AWQ</p>');
    await until(() => measures().length === 1);
    document.querySelector('#a')!.append(' GPTQ');
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    const rescan = measures()[1]!;
    // It began inside the frame's callback, before the frame's first step (dropping the block's marks).
    expect(rescan.startTime).toBeGreaterThanOrEqual(context.frameStarts[0]!);
    expect(rescan.startTime).toBeLessThanOrEqual(context.frameEnds[0]!);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
  });
});

describe('PageSession, the page changing under it', () => {
  /** A site whose roots are the elements matching `selector`, outermost first (as arXiv's). */
  const siteOn = (selector: string): SiteAdapter => ({ ...site, rootSelector: selector });
  const countOf = (reports: { methodId: string; count: number }[][], id: string) => reports.at(-1)?.find((mention) => mention.methodId === id)?.count ?? 0;

  /**
   * A paused page in virtual time: the session's clock (`performance.now`) and its timers move only when
   * the test sleeps, so its windows (runaway, calm, settling) see the changes exactly as the test spaces
   * them, however busy the machine is.
   */
  describe('paused', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000 });
      vi.spyOn(performance, 'now').mockImplementation(() => Date.now());
    });
    afterEach(() => {
      session?.dispose();
      session = null;
      vi.useRealTimers();
    });

    it('tells the popup of marks dropped while paused', async () => {
      const reports: { methodId: string; count: number }[][] = [];
      let paused = false;
      const context = startSession('<p id="keep">AWQ</p><p id="ticker">tick</p>', (isPaused, mentions) => {
        paused ||= isPaused;
        reports.push(mentions);
      });
      await until(() => measures().length === 1);
      await driveIntoPause(context, () => paused);
      expect(countOf(reports, 'awq')).toBe(1);
      document.querySelector('#keep')!.remove();
      await flushMicrotasks();
      context.runFrames();
      expect(session!.marks.size).toBe(0);
      await soon(context, () => countOf(reports, 'awq') === 0);
    });

    /** A session on a page with a ticker, driven into its pause; the calm window is 400 ms unless said. */
    async function pausedSession(html = '<p id="keep">AWQ</p><p id="ticker">tick</p>', calmWindowMs = 400) {
      const reports: boolean[] = [];
      const mentions: { methodId: string; count: number }[][] = [];
      let paused = false;
      const onMentions = (isPaused: boolean, found: { methodId: string; count: number }[]) => {
        paused ||= isPaused;
        reports.push(isPaused);
        mentions.push(found);
      };
      const context = startSession(html, onMentions, undefined, undefined, site, calmWindowMs);
      await until(() => measures().length === 1);
      await driveIntoPause(context, () => paused);
      return { context, reports, mentions, passes: measures().length };
    }
    /** Time passes: the session's timers that fall due run, each at its time. */
    const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);
    const FRAME_MS = 16;
    /** Lets time run a frame at a time, the frames running too, until `condition` holds (a report waits `REPORT_DELAY_MS`). */
    async function soon(context: ReturnType<typeof fakeContext>, condition: () => boolean) {
      for (let waited = 0; !condition() && waited < 5_000; waited += FRAME_MS) {
        context.runFrames();
        await sleep(FRAME_MS);
        await flushMicrotasks();
      }
      expect(condition()).toBe(true);
    }

    /** Rewrites the ticker (or the `churning` elements) once a frame, 16 ms apart, until the session says it paused. */
    async function driveIntoPause(context: ReturnType<typeof fakeContext>, pausedNow: () => boolean, churning = ['#ticker']) {
      const elements = churning.map((selector) => document.querySelector(selector)!);
      for (let i = 0; i < 200 && !pausedNow(); i++) {
        for (const element of elements) element.textContent = `tick ${i}`;
        await flushMicrotasks();
        context.runFrames();
        await until(() => !context.pendingFrames());
        await sleep(FRAME_MS);
      }
      await until(pausedNow);
    }
    /**
     * The ticker goes on, rewritten three times every 50 ms (the page stays paused), `ticks` times; `alongside`
     * is what else the page does at each tick.
     */
    async function keepTicking(context: ReturnType<typeof fakeContext>, ticks: number, alongside?: (tick: number) => void) {
      for (let tick = 0; tick < ticks; tick++) {
        await sleep(50);
        alongside?.(tick);
        for (let change = 0; change < 3; change++) {
          document.querySelector('#ticker')!.textContent = `QuIP# tick ${tick}.${change}`;
          await flushMicrotasks();
        }
        context.runFrames();
      }
    }
    /** Rewrites `element` to `text` at most once every `everyMs`: a pace of its own, whatever the ticks take. */
    function every(everyMs: number, element: Element, text: (tick: number) => string) {
      let last = -Infinity;
      return (tick: number) => {
        if (performance.now() - last < everyMs) return;
        last = performance.now();
        element.textContent = text(tick);
      };
    }
    /** Runs frames until the session has made `passes` passes. */
    const untilPasses = (context: ReturnType<typeof fakeContext>, passes: number) =>
      until(() => {
        context.runFrames();
        return measures().length >= passes;
      });

    it('reads a paused page again, whole, once it has calmed down, and not while it keeps changing fast', async () => {
      const { context, reports, passes } = await pausedSession();
      // Paused, the page puts a name in the ticker and goes on ticking, three changes every 50 ms (24 in
      // the 400 ms window, where 4 keep it paused): nothing is read.
      for (let tick = 0; tick < 12; tick++) {
        await sleep(50);
        for (let change = 0; change < 3; change++) {
          document.querySelector('#ticker')!.textContent = `GPTQ, late tick ${tick}.${change}`;
          await flushMicrotasks();
        }
        context.runFrames();
      }
      expect(measures()).toHaveLength(passes);
      expect(markedTexts()).toEqual(['AWQ']);
      // Calm for the window: one full pass reads it all, and the report says it is no longer paused.
      await sleep(400);
      await untilPasses(context, passes + 1);
      expect(measures()).toHaveLength(passes + 1);
      expect(new Set(markedTexts())).toEqual(new Set(['AWQ', 'GPTQ']));
      await soon(context, () => reports.at(-1) === false);
    });

    it('reads a paused page again while it goes on changing slowly (a clock), and follows it from then on', async () => {
      const { context, passes } = await pausedSession();
      // Every 250 ms, under four changes a window: read again while it still ticks.
      for (let tick = 0; tick < 6; tick++) {
        await sleep(250);
        document.querySelector('#ticker')!.textContent = `AWQ at tick ${tick}`;
        await flushMicrotasks();
        context.runFrames();
      }
      expect(measures().length).toBeGreaterThan(passes);
      const resumed = measures().length;
      document.querySelector('#ticker')!.textContent = 'GPTQ at last';
      await flushMicrotasks();
      await untilPasses(context, resumed + 1);
      expect(new Set(markedTexts())).toEqual(new Set(['AWQ', 'GPTQ']));
    });

    it('does not count changes in skipped parts (a clock in the site’s chrome) against calming down', async () => {
      const { context, reports, passes } = await pausedSession('<p id="keep">AWQ</p><p id="ticker">tick</p><nav id="clock">0</nav>');
      document.body.insertAdjacentHTML('beforeend', '<p>GPTQ arrives</p>');
      // The clock ticks every 40 ms throughout: the page is read again all the same.
      for (let tick = 0; tick < 30; tick++) {
        await sleep(40);
        document.querySelector('#clock')!.textContent = String(tick);
        await flushMicrotasks();
        context.runFrames();
      }
      expect(measures().length).toBeGreaterThan(passes);
      expect(new Set(markedTexts())).toEqual(new Set(['AWQ', 'GPTQ']));
      // Read again whole, not only the name's block once it settled: no longer paused.
      await until(() => reports.at(-1) === false);
    });

    it('passes its pause on to a session reading the same page again, which marks it once, says it is paused, and reads it again once calm', async () => {
      const { context } = await pausedSession();
      const runaway = session!.runaway;
      expect(runaway).toEqual({ calmWindowMs: 400, calmBelow: 4, resumes: 0 });
      session!.dispose();
      const reports: boolean[] = [];
      session = new PageSession({
        ctx: context.ctx,
        warmUp: context.warmUp,
        site,
        matcher: compileMatcher(['GPTQ']),
        dictionary: { methods: [{ id: 'gptq', status: null }], methodIndex: [0], names: ['GPTQ'] },
        onMentions: (_mentions, paused) => void reports.push(paused),
        runaway: runaway!,
      });
      const passes = measures().length;
      document.querySelector('#ticker')!.textContent = 'GPTQ';
      session.start();
      await soon(context, () => measures().length === passes + 1 && reports.length > 0);
      expect(markedTexts()).toEqual(['GPTQ']);
      expect(reports).toEqual([true]);
      // Still changing fast (three changes every 50 ms, as above): no rescan.
      for (let tick = 0; tick < 12; tick++) {
        await sleep(50);
        for (let change = 0; change < 3; change++) {
          document.querySelector('#ticker')!.textContent = `GPTQ ${tick}.${change}`;
          await flushMicrotasks();
        }
        context.runFrames();
      }
      expect(measures()).toHaveLength(passes + 1);
      // Calm for the window: read again, and no longer paused.
      await sleep(400);
      await untilPasses(context, passes + 2);
      await soon(context, () => reports.at(-1) === false);
    });

    /** A session paused, read again once calm, then paused again (its calm window now 800 ms). */
    async function pausedAgainAfterReadAgain() {
      let paused = false;
      const context = startSession('<p id="keep">AWQ</p><p id="ticker">tick</p>', (isPaused) => (paused = isPaused), undefined, undefined, site, 400);
      await until(() => measures().length === 1);
      await driveIntoPause(context, () => paused);
      await sleep(450);
      await soon(context, () => !paused);
      await driveIntoPause(context, () => paused);
      return { context, again: measures().length };
    }

    it('waits twice as long for calm each time a page read again runs away again', async () => {
      const { context, again } = await pausedAgainAfterReadAgain();
      // Calm now, but the window is 800 ms this time.
      await sleep(500);
      context.runFrames();
      expect(measures()).toHaveLength(again);
      await sleep(400);
      await untilPasses(context, again + 1);
    });

    it('allows as many changes for each window’s length after a back-off: a clock that passed the first look passes the later ones', async () => {
      const { context, again } = await pausedAgainAfterReadAgain();
      // Every 120 ms: about 3 changes in 400 ms (under 4), 6 to 7 in the doubled 800 ms (under 8).
      for (let tick = 0; tick < 16; tick++) {
        await sleep(120);
        document.querySelector('#ticker')!.textContent = `AWQ at ${tick}`;
        await flushMicrotasks();
        context.runFrames();
      }
      expect(measures().length).toBeGreaterThan(again);
    });

    it('reads what the page adds while paused once it has stayed unchanged a moment, in one pass that reads nothing of the ticker', async () => {
      // The calm window as long as the browser's, well over the settling time.
      const { context, reports, mentions, passes } = await pausedSession('<p id="keep">AWQ</p><p id="ticker">tick</p><div id="list"><p>AWQ, first</p></div>', 3_000);
      const readBefore = textsMatched.length;
      document.querySelector('#list')!.insertAdjacentHTML('beforeend', '<p>GPTQ arrives</p>');
      await keepTicking(context, 24);
      expect(measures()).toHaveLength(passes + 1);
      expect(markedTexts().sort()).toEqual(['AWQ', 'AWQ', 'GPTQ']);
      const read = textsMatched.slice(readBefore);
      expect(read.filter((text) => text.includes('GPTQ arrives'))).toHaveLength(1);
      expect(read.filter((text) => text.includes('tick'))).toEqual([]);
      // Still paused, and said so with what it found.
      expect(session!.runaway).not.toBeNull();
      await until(() => countOf(mentions, 'gptq') === 1);
      expect(reports.at(-1)).toBe(true);
    });

    it('reads each result appended to a list while paused alone, once it has stayed unchanged a moment: not the whole list, nor later each time', async () => {
      const { context, passes } = await pausedSession('<p id="keep">AWQ</p><p id="ticker">tick</p><div id="list"><div>AWQ, first</div></div>', 3_000);
      const readBefore = textsMatched.length;
      const list = document.querySelector('#list')!;
      for (const [i, result] of ['GPTQ, second', 'QuIP#, third', 'GPTQ, fourth'].entries()) {
        list.insertAdjacentHTML('beforeend', `<div>${result}</div>`);
        // Over 800 ms: past the settling time (500 ms), short of twice it.
        await keepTicking(context, 16);
        expect(measures(), result).toHaveLength(passes + i + 1);
      }
      expect(markedTexts().sort()).toEqual(['AWQ', 'AWQ', 'GPTQ', 'GPTQ', 'QuIP#']);
      const read = textsMatched.slice(readBefore);
      expect(read.filter((text) => text.includes('first') || text.includes('tick'))).toEqual([]);
      expect(session!.runaway).not.toBeNull();
    });

    it('reads text the page changes while paused (an abstract expanded) once it has settled; its old marks go at once', async () => {
      const { context, passes } = await pausedSession('<p id="keep">GPTQ</p><p id="ticker">tick</p><p id="abstract">AWQ, in short.</p>');
      (document.querySelector('#abstract')!.firstChild as Text).data = 'AWQ, in short, and GPTQ at length.';
      await flushMicrotasks();
      expect(markedTexts()).toEqual(['GPTQ']);
      await keepTicking(context, 24);
      expect(measures()).toHaveLength(passes + 1);
      expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ', 'GPTQ']);
    });

    it('does not read, while paused, a block the page goes on changing, and reads it once it has settled', async () => {
      const { context, passes } = await pausedSession('<p id="keep">AWQ</p><p id="ticker">tick</p><p id="feed">feed</p>');
      const readBefore = textsMatched.length;
      const feed = document.querySelector('#feed')!;
      // Every 100 ms the page rewrites the feed too: it never stays unchanged long enough.
      await keepTicking(context, 16, (tick) => tick % 2 === 0 && (feed.textContent = `GPTQ, item ${tick}`));
      expect(measures()).toHaveLength(passes);
      expect(markedTexts()).toEqual(['AWQ']);
      // The feed stays as it is now; the ticker goes on.
      await keepTicking(context, 24);
      expect(measures()).toHaveLength(passes + 1);
      expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
      expect(textsMatched.slice(readBefore).filter((text) => text.includes('item'))).toHaveLength(1);
    });

    it('does not read, while paused, a block that churned before the pause, though it now changes more slowly than the settling time', async () => {
      let paused = false;
      const context = startSession('<p id="keep">AWQ</p><p id="ticker">tick</p><p id="clock">0</p>', (isPaused) => (paused ||= isPaused), undefined, undefined, site, 2_000);
      await until(() => measures().length === 1);
      await driveIntoPause(context, () => paused, ['#ticker', '#clock']);
      const passes = measures().length;
      // The clock goes on every 700 ms (unchanged for longer than the settling time, not for the calm window).
      await keepTicking(context, 48, every(700, document.querySelector('#clock')!, (tick) => `GPTQ at ${tick}`));
      expect(measures()).toHaveLength(passes);
      expect(markedTexts()).toEqual(['AWQ']);
    });

    it('reads a block that starts changing while paused once, not at each change, when it goes on changing every so often', async () => {
      const { context, passes } = await pausedSession('<p id="keep">AWQ</p><p id="ticker">tick</p><p id="feed">feed</p>', 2_000);
      // Every 700 ms: read once it has settled, then it has to stay unchanged for longer each time it was read.
      await keepTicking(context, 48, every(700, document.querySelector('#feed')!, (tick) => `GPTQ, item ${tick}`));
      expect(measures()).toHaveLength(passes + 1);
    });

    it('reads a root the page adds while paused once it has settled, and follows its text from then on', async () => {
      let paused = false;
      const context = startSession(
        '<div class="result"><p id="keep">AWQ</p><p id="ticker">tick</p></div>',
        (isPaused) => (paused ||= isPaused),
        undefined,
        undefined,
        siteOn('.result'),
        400,
      );
      await until(() => measures().length === 1);
      await driveIntoPause(context, () => paused);
      const passes = measures().length;
      document.body.insertAdjacentHTML('beforeend', '<div class="result"><p id="late">GPTQ arrives</p></div>');
      await keepTicking(context, 24);
      expect(measures()).toHaveLength(passes + 1);
      expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
      (document.querySelector('#late')!.firstChild as Text).data = 'gone';
      await flushMicrotasks();
      expect(markedTexts()).toEqual(['AWQ']);
    });

    it('retired (replaced by a session not shown yet), keeps its marks in step with the text but reads and reports nothing more', async () => {
      const reports: boolean[] = [];
      let paused = false;
      const context = startSession(
        '<p id="keep">AWQ</p><p id="ticker">tick</p>',
        (isPaused) => {
          paused ||= isPaused;
          reports.push(isPaused);
        },
        undefined,
        undefined,
        site,
        400,
      );
      await until(() => measures().length === 1);
      await driveIntoPause(context, () => paused);
      const passes = measures().length;
      const reported = reports.length;
      session!.retire();
      await sleep(600); // past the calm window: a paused session would be read again now
      document.body.insertAdjacentHTML('beforeend', '<p>GPTQ arrives</p>');
      await flushMicrotasks();
      context.runFrames();
      await sleep(300);
      context.runFrames();
      expect(measures()).toHaveLength(passes);
      expect(markedTexts()).toEqual(['AWQ']);
      (document.querySelector('#keep')!.firstChild as Text).data = 'gone';
      await flushMicrotasks();
      expect(session!.marks.size).toBe(0);
      await sleep(300);
      expect(reports).toHaveLength(reported);
    });
  });

  it('marks text the page shows by dropping `hidden`, and drops the marks of text it hides', async () => {
    const context = startSession('<p>AWQ</p><p id="more" hidden>GPTQ</p>');
    await until(() => measures().length === 1);
    expect(markedTexts()).toEqual(['AWQ']);
    document.querySelector('#more')!.removeAttribute('hidden');
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
    document.querySelector('#more')!.setAttribute('hidden', '');
    await flushMicrotasks(); // the observer's callback, no frame yet
    expect(markedTexts()).toEqual(['AWQ']);
  });

  it('follows an attribute the site’s skip selector tests: arXiv search swapping an abstract’s preview for its whole text', async () => {
    const result = (id: string) => `<li class="arxiv-result"><p class="title">GPTQ at three bits</p><p class="abstract">
      <span class="abstract-short" id="${id}-short" style="display: inline;">We compare with AWQ&hellip; <a id="${id}-more">More</a></span>
      <span class="abstract-full" id="${id}-full" style="display: none;">We compare with AWQ and QuIP# at two bits. <a>Less</a></span></p></li>`;
    const context = startSession(`<ol>${result('r1')}${result('r2')}</ol>`, undefined, undefined, undefined, arxiv);
    await until(() => measures().length === 1);
    // The hidden whole abstracts are not read: each name once per result, as the reader sees it.
    expect(markedTexts().sort()).toEqual(['AWQ', 'AWQ', 'GPTQ', 'GPTQ']);
    const show = (id: string, part: 'full' | 'short') => {
      (document.querySelector(`#${id}-full`) as HTMLElement).style.display = part === 'full' ? 'inline' : 'none';
      (document.querySelector(`#${id}-short`) as HTMLElement).style.display = part === 'full' ? 'none' : 'inline';
    };
    show('r1', 'full');
    await flushMicrotasks(); // the preview's marks go with the observer's callback
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ', 'GPTQ']);
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts().sort()).toEqual(['AWQ', 'AWQ', 'GPTQ', 'GPTQ', 'QuIP#']);
    const full = document.querySelector('#r1-full')!;
    expect(session!.marks.markAt(full.firstChild!, 'We compare with '.length)).toBeTruthy();
    show('r1', 'short');
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 3);
    expect(markedTexts().sort()).toEqual(['AWQ', 'AWQ', 'GPTQ', 'GPTQ']);
    expect(session!.marks.markAt(full.firstChild!, 'We compare with '.length)).toBeFalsy();
  });

  it('reads nothing again for a style change on an element the site’s skip selector does not test by its style', async () => {
    // An arXiv paper's scripts restyle what they animate (a figure faded in, a paragraph slid, an abstract's
    // container): only an abstract's preview or whole text is shown or hidden by its style there.
    const result = `<li class="arxiv-result"><p class="title">GPTQ at three bits</p><p class="abstract" id="abstract">
      <span class="abstract-short" id="short" style="display: inline;">We compare with AWQ&hellip;</span>
      <span class="abstract-full" id="full" style="display: none;">We compare with AWQ and QuIP# at two bits.</span></p></li>`;
    const context = startSession(`<ol>${result}</ol>`, undefined, undefined, undefined, arxiv);
    await until(() => measures().length === 1);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
    const marks = [...session!.marks.countByMethod()];
    for (let i = 0; i < 5; i++) {
      (document.querySelector('#abstract') as HTMLElement).style.transform = `translateX(${i}px)`;
      (document.querySelector('li.arxiv-result') as HTMLElement).style.opacity = String(i / 5);
      await flushMicrotasks();
      context.runFrames();
    }
    await flushMicrotasks();
    context.runFrames();
    await flushMicrotasks();
    expect(measures()).toHaveLength(1);
    expect([...session!.marks.countByMethod()]).toEqual(marks);
    // The one the selector does test is still followed.
    (document.querySelector('#full') as HTMLElement).style.display = 'inline';
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts().sort()).toEqual(['AWQ', 'AWQ', 'GPTQ', 'QuIP#']);
  });

  it('drops the marks of text the page makes editable, and marks it again once it is not', async () => {
    const context = startSession('<p>AWQ</p><div id="note"><p>GPTQ</p></div>');
    await until(() => measures().length === 1);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
    document.querySelector('#note')!.setAttribute('contenteditable', '');
    await flushMicrotasks(); // the observer's callback, no frame yet
    expect(markedTexts()).toEqual(['AWQ']);
    document.querySelector('#note')!.setAttribute('contenteditable', 'false');
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
  });

  it('drops a mark across text nodes at once when the page puts something inside it', async () => {
    const context = startSession('<p id="name">AW<!---->Q</p>');
    await until(() => measures().length === 1);
    const name = document.querySelector('#name')!;
    expect(session!.marks.markAt(name.firstChild!, 1)?.range.endContainer).toBe(name.lastChild); // "AW" to "Q"
    const q = document.querySelector('#name')!.lastChild!;
    q.before(' zz ');
    await flushMicrotasks(); // the observer's callback, no frame yet
    expect(session!.marks.size).toBe(0);
    context.runFrames();
    await until(() => measures().length === 2);
    expect(session!.marks.size).toBe(0);
  });

  it('makes no mark across text nodes the page put something between while the pass was under way', async () => {
    const paragraphs = Array.from({ length: 3_000 }, (_, i) => `<p id="p${i}">GPTQ ${'x '.repeat(40)}</p>`).join('');
    document.body.innerHTML = `<p id="name">AW<!---->Q</p>${paragraphs}`;
    // The page puts text between "AW" and "Q" in the pause after the slice that read "Q": the pass
    // matches and marks that segment later.
    const q = document.querySelector('#name')!.lastChild as Text;
    const data = Object.getOwnPropertyDescriptor(CharacterData.prototype, 'data')!;
    let read = false;
    Object.defineProperty(q, 'data', {
      configurable: true,
      get() {
        if (!read) queueMicrotask(() => q.before(' zz '));
        read = true;
        return data.get!.call(this);
      },
    });
    startSession(null);
    await until(() => measures().length === 1);
    expect(document.querySelector('#name')!.textContent).toBe('AW zz Q');
    expect((measures()[0]!.detail as { slices: number }).slices).toBeGreaterThan(1);
    expect(markedTexts().filter((text) => text !== 'GPTQ')).toEqual([]);
  });

  it.each([
    ['an editor', '<div contenteditable="true">GPTQ typed by the reader</div>'],
    ['a text box', '<textarea>GPTQ</textarea>'],
    ['a script’s data', '<script type="application/json">{"abstract":"GPTQ"}</script>'],
    ['math', '<math><mi>GPTQ</mi></math>'],
    ['the site’s chrome', '<nav>GPTQ</nav>'],
    ['a block holding an editor', '<section><p>AWQ again</p><div contenteditable="true">QuIP# typed</div></section>'],
  ])('never marks %s the page adds while the pass is under way, ahead of where it reads', async (_, html) => {
    const paragraphs = Array.from({ length: 3_000 }, (_, i) => `<p id="p${i}">${'x '.repeat(40)}</p>`).join('');
    document.body.innerHTML = `${paragraphs}<p>AWQ on the page</p>`;
    // The page adds it in the pause after the slice that read #p1500: the pass has asked for every
    // skipped element by then (it reads once it has), and reads what was added later. That slice is
    // made to end there (its clock jumps), so the pause comes before the pass could end.
    const middle = document.querySelector('#p1500')!.firstChild as Text;
    const data = Object.getOwnPropertyDescriptor(CharacterData.prototype, 'data')!;
    const now = performance.now.bind(performance);
    let jump = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now() + jump);
    let added = false;
    Object.defineProperty(middle, 'data', {
      configurable: true,
      get() {
        if (!added) {
          jump = 60_000;
          queueMicrotask(() => {
            added = measures().length === 0;
            document.body.insertAdjacentHTML('beforeend', html);
          });
        }
        return data.get!.call(this);
      },
    });
    const context = startSession(null);
    await until(() => measures().length === 1);
    expect(added).toBe(true);
    expect((measures()[0]!.detail as { slices: number }).slices).toBeGreaterThan(1);
    // The insertion asks for its block to be read again: that rescan marks nothing in skipped parts either.
    context.runFrames();
    await until(() => measures().length === 2);
    const prose = html.includes('AWQ again') ? ['AWQ', 'AWQ'] : ['AWQ'];
    expect(markedTexts()).toEqual(prose);
    expect([...session!.marks.countByMethod()]).toEqual([[0, prose.length]]);
  });

  it('follows a root the page puts in place of another: the old one’s marks go, the new one is marked and observed', async () => {
    const reports: { methodId: string; count: number }[][] = [];
    const context = startSession('<main><div id="a"><p>AWQ</p></div></main>', (_paused, mentions) => reports.push(mentions), undefined, undefined, siteOn('#a'));
    await until(() => measures().length === 1);
    expect(markedTexts()).toEqual(['AWQ']);
    const replacement = Object.assign(document.createElement('div'), { id: 'a', innerHTML: '<p>GPTQ</p>' });
    document.querySelector('#a')!.replaceWith(replacement);
    await flushMicrotasks();
    expect(session!.marks.size).toBe(0);
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts()).toEqual(['GPTQ']);
    await until(() => countOf(reports, 'gptq') === 1 && countOf(reports, 'awq') === 0);
    // The new root is observed: its text changing drops its mark at once.
    (replacement.querySelector('p')!.firstChild as Text).data = 'changed';
    await flushMicrotasks();
    expect(session!.marks.size).toBe(0);
  });

  it.each([
    ['inside an element that is no root', () => document.querySelector('aside')!.insertAdjacentHTML('beforeend', '<div class="b"><p>GPTQ</p></div>')],
    ['deep inside a subtree the page adds', () => document.body.insertAdjacentHTML('beforeend', '<section><div><div class="b"><p>GPTQ</p></div></div></section>')],
  ])('reads a root the page puts %s, and observes it', async (_, addRoot) => {
    const context = startSession('<main><div id="a"><p>AWQ</p></div><aside><p>sidebar</p></aside></main>', undefined, undefined, undefined, siteOn('#a, .b'));
    await until(() => measures().length === 1);
    addRoot();
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
    (document.querySelector('.b p')!.firstChild as Text).data = 'changed';
    await flushMicrotasks();
    expect(markedTexts()).toEqual(['AWQ']);
  });

  it('reads a root again that the page moved into an element that is no root', async () => {
    const context = startSession('<main><div id="a"><p>AWQ</p></div><aside><p>sidebar</p></aside></main>', undefined, undefined, undefined, siteOn('#a'));
    await until(() => measures().length === 1);
    document.querySelector('aside')!.append(document.querySelector('#a')!);
    await flushMicrotasks();
    expect(session!.marks.size).toBe(0); // its text left the page with it, for a moment
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts()).toEqual(['AWQ']);
  });

  it('reads nothing of a page whose roots are all it has to read while it has none, and its roots once the page adds them', async () => {
    const resultsOnly: SiteAdapter = { ...siteOn('li.result'), rootsOnly: () => true };
    const context = startSession('<main><p>Sorry, your query for AWQ produced no results.</p><ol></ol></main>', undefined, undefined, undefined, resultsOnly);
    await until(() => measures().length === 1);
    expect(markedTexts()).toEqual([]);
    document.querySelector('ol')!.insertAdjacentHTML('beforeend', '<li class="result">GPTQ</li>');
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts()).toEqual(['GPTQ']);
  });

  it('looks for new roots only in what the page adds or removes, never through the whole page', async () => {
    const context = startSession('<main><div id="a"><p>AWQ</p></div><aside><p>sidebar</p></aside></main>', undefined, undefined, undefined, siteOn('#a, .b'));
    await until(() => measures().length === 1);
    const wholePageQueries = vi.spyOn(document, 'querySelectorAll');
    // Beside a root, in its parent, and elsewhere on the page: none of it is or holds a root.
    document.querySelector('main')!.insertAdjacentHTML('beforeend', '<div><p>GPTQ in the chrome</p></div>');
    document.querySelector('aside')!.replaceChildren('AWQ in the sidebar');
    document.body.insertAdjacentHTML('beforeend', '<footer><p>QuIP# in the footer</p></footer>');
    await flushMicrotasks();
    context.runFrames();
    await flushMicrotasks();
    expect(wholePageQueries).not.toHaveBeenCalled();
    expect(measures()).toHaveLength(1);
    expect(markedTexts()).toEqual(['AWQ']);
  });

  it('lets the page change what lies outside its roots (an ad, a widget, math typeset in the chrome) at the cost of a look for roots alone', async () => {
    startSession('<main><div id="a"><p>AWQ</p></div></main><div id="ad"></div>', undefined, undefined, undefined, siteOn('#a'));
    await until(() => measures().length === 1);
    const ad = document.querySelector('#ad')!;
    const walks = vi.spyOn(document, 'createTreeWalker');
    const drops = vi.spyOn(session!.marks, 'removeNodes');
    // An ad re-rendered again and again: whole subtrees removed and added, none of it read.
    const html = Array.from({ length: 20 }, (_, i) => `<div><span>Sponsored</span> <a href="#">GPTQ offer ${i}</a></div>`).join('');
    for (let i = 0; i < 5; i++) {
      ad.innerHTML = html;
      await flushMicrotasks();
    }
    expect(walks).not.toHaveBeenCalled(); // no walk of what the page took away or added, for text to drop
    expect(drops.mock.calls.flatMap(([nodes]) => [...nodes])).toEqual([]); // nor a look among the marks
    expect(markedTexts()).toEqual(['AWQ']);
    // A root taken away outside the roots still takes its marks with it at once.
    document.querySelector('main')!.remove();
    await flushMicrotasks();
    expect(session!.marks.size).toBe(0);
  });

  it.each([
    [
      '<body> (no roots): a paragraph taken out of a block, then the block out of the page',
      '<div id="d"><p id="p">AWQ</p><p>GPTQ</p></div>',
      site,
      () => {
        document.querySelector('#p')!.remove();
        document.querySelector('#d')!.remove();
      },
    ],
    [
      'a root: a paragraph taken out of a block, then the block moved out of the root',
      '<section id="a"><div id="d"><p id="p">AWQ</p><p>GPTQ</p></div></section><aside></aside>',
      siteOn('#a'),
      () => {
        document.querySelector('#p')!.remove();
        document.querySelector('aside')!.append(document.querySelector('#d')!);
      },
    ],
    [
      'a root: a paragraph taken out of a block, the block out of its parent, and that parent moved out of the root',
      '<section id="a"><div id="o"><div id="d"><p id="p">AWQ</p></div><p>GPTQ</p></div></section><aside></aside>',
      siteOn('#a'),
      () => {
        document.querySelector('#p')!.remove();
        document.querySelector('#d')!.remove();
        document.querySelector('aside')!.append(document.querySelector('#o')!);
      },
    ],
  ])('drops at once the marks of text the page took out of a subtree that then left the roots in the same task: %s', async (_, html, onSite, change) => {
    startSession(html, undefined, undefined, undefined, onSite);
    await until(() => measures().length === 1);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
    const awq = document.querySelector('#p')!.firstChild!;
    change();
    await flushMicrotasks();
    expect(awq.isConnected).toBe(false);
    expect(markedTexts()).toEqual([]);
  });

  it('keeps the marks, and reads nothing again, when the page restyles an element holding the roots without hiding them (a theme set on <html>)', async () => {
    const context = startSession('<main><div id="abs"><p>AWQ</p></div></main>', undefined, undefined, undefined, arxiv);
    await until(() => measures().length === 1);
    const drops = vi.spyOn(session!.marks, 'removeNodes');
    document.documentElement.style.setProperty('color-scheme', 'only dark');
    document.body.style.overflow = 'hidden'; // a dialog opening
    document.body.setAttribute('contenteditable', 'false');
    await flushMicrotasks();
    expect(drops.mock.calls.flatMap(([nodes]) => [...nodes])).toEqual([]);
    expect(markedTexts()).toEqual(['AWQ']);
    context.runFrames();
    await flushMicrotasks();
    expect(context.pendingFrames()).toBe(0);
    expect(measures()).toHaveLength(1);
    expect(markedTexts()).toEqual(['AWQ']);
  });

  it('drops at once the marks of a root the page hides from outside the roots, and marks it again once shown', async () => {
    const context = startSession('<div id="w"><div><section id="a"><p>AWQ</p></section></div></div><section id="b"><p>GPTQ</p></section>', undefined, undefined, undefined, siteOn('section'));
    await until(() => measures().length === 1);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
    const wrapper = document.querySelector('#w') as HTMLElement;
    wrapper.hidden = true;
    await flushMicrotasks();
    expect(markedTexts()).toEqual(['GPTQ']);
    context.runFrames();
    await flushMicrotasks();
    expect(markedTexts()).toEqual(['GPTQ']);
    wrapper.hidden = false;
    await flushMicrotasks();
    context.runFrames();
    await until(() => markedTexts().length === 2);
    expect(markedTexts().sort()).toEqual(['AWQ', 'GPTQ']);
    // The other root's marks stayed through it all, and stay.
    wrapper.setAttribute('contenteditable', '');
    await flushMicrotasks();
    expect(markedTexts()).toEqual(['GPTQ']);
  });

  it('looks at the roots an element holds once per task, however often the page restyles it in that task', async () => {
    const roots = Array.from({ length: 50 }, (_, i) => `<section><p>AWQ ${i}</p></section>`).join('');
    startSession(`<div id="w">${roots}</div>`, undefined, undefined, undefined, siteOn('section'));
    await until(() => measures().length === 1);
    const looks = vi.spyOn(Element.prototype, 'closest');
    const wrapper = document.querySelector('#w')!;
    for (let i = 0; i < 20; i++) wrapper.setAttribute('contenteditable', i % 2 ? 'false' : 'FALSE');
    await flushMicrotasks();
    expect(looks).toHaveBeenCalledTimes(50);
    expect(markedTexts()).toHaveLength(50);
  });

  it('drops at once the marks of a root hidden from outside after it was shown by its own attribute', async () => {
    const context = startSession('<div id="w"><section id="a" hidden><p>AWQ</p></section></div><section id="b"><p>GPTQ</p></section>', undefined, undefined, undefined, siteOn('section'));
    await until(() => measures().length === 1);
    expect(markedTexts()).toEqual(['GPTQ']);
    (document.querySelector('#a') as HTMLElement).hidden = false;
    await flushMicrotasks();
    context.runFrames();
    await until(() => markedTexts().length === 2);
    (document.querySelector('#w') as HTMLElement).hidden = true;
    await flushMicrotasks();
    expect(markedTexts()).toEqual(['GPTQ']);
  });

  it('observes a root that a full rescan finds', async () => {
    const many = Array.from({ length: 250 }, (_, i) => `<p id="p${i}">x</p>`).join('');
    const context = startSession(`<section id="a">${many}</section><aside></aside>`, undefined, undefined, undefined, siteOn('#a, #b'));
    await until(() => measures().length === 1);
    document.querySelector('aside')!.after(Object.assign(document.createElement('div'), { id: 'b', textContent: 'QuIP# here' }));
    for (let i = 0; i < 250; i++) document.querySelector(`#p${i}`)!.textContent = `y ${i}`; // past the full-rescan threshold
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length === 2);
    expect(markedTexts()).toEqual(['QuIP#']);
    (document.querySelector('#b')!.firstChild as Text).data = 'GPTQ! changed';
    await flushMicrotasks();
    expect(session!.marks.size).toBe(0);
  });
});

describe('PageSession, an app re-rendering its text (React)', () => {
  const siteOn = (selector: string): SiteAdapter => ({ ...site, rootSelector: selector });

  /**
   * Every mark as the text it covers now, across all its nodes; each must lie on text still on the page,
   * within it, and read a name of the dictionary whole.
   */
  function marksNow(): string[] {
    const registry = CSS.highlights as unknown as Map<string, Set<StaticRange>>;
    return [...registry.values()].flatMap((highlight) =>
      [...highlight].map((mark) => {
        expect(mark.startContainer.isConnected && mark.endContainer.isConnected).toBe(true);
        expect(mark.endOffset).toBeLessThanOrEqual((mark.endContainer as Text).length);
        const range = document.createRange();
        range.setStart(mark.startContainer, mark.startOffset);
        range.setEnd(mark.endContainer, mark.endOffset);
        const text = range.toString();
        expect(NAMES).toContain(text);
        return text;
      }),
    );
  }
  /** Lets the observer's callback run, then the frame that rescans, and waits for its pass. */
  async function rescanned(context: ReturnType<typeof fakeContext>) {
    const passes = measures().length;
    await flushMicrotasks();
    context.runFrames();
    await until(() => measures().length > passes && !context.pendingFrames());
  }

  it('reads the results the app appends to a list alone, not the whole list again (load more, infinite scroll)', async () => {
    const context = startSession('<div id="list"><div>AWQ, first</div><div>GPTQ, second</div></div>');
    await until(() => measures().length === 1);
    const readBefore = textsMatched.length;
    const list = document.querySelector('#list')!;
    list.insertAdjacentHTML('beforeend', '<div>QuIP#, third</div><div>AWQ, fourth</div>');
    await rescanned(context);
    list.append(Object.assign(document.createElement('div'), { textContent: 'GPTQ, fifth' }));
    await rescanned(context);
    expect(marksNow().sort()).toEqual(['AWQ', 'AWQ', 'GPTQ', 'GPTQ', 'QuIP#']);
    // Each result read once, when it came; those the list had before, never again.
    const read = textsMatched.slice(readBefore);
    const timesRead = (word: string) => read.filter((text) => text.includes(word)).length;
    expect(['first', 'second', 'third', 'fourth', 'fifth'].map(timesRead)).toEqual([0, 0, 1, 1, 1]);
  });

  it('reads the text around a block the app puts between pieces of inline text: a name may now stand alone there', async () => {
    // `GPTQ` glued to `v2` (GPTQv2, another name) until a block comes between them.
    const context = startSession('<div id="line"><span id="a">GPTQ</span><span id="b">v2</span></div>');
    await until(() => measures().length === 1);
    expect(marksNow()).toEqual([]);
    document.querySelector('#a')!.after(document.createElement('div'));
    await rescanned(context);
    expect(marksNow()).toEqual(['GPTQ']);
  });

  it('follows a text node the app sets several times in one task, and again in the next before the frame: the last text’s names, once each', async () => {
    const context = startSession('<p id="a">AWQ and GPTQ</p><p>QuIP#</p>');
    await until(() => measures().length === 1);
    const text = document.querySelector('#a')!.firstChild as Text;
    text.data = '';
    text.data = 'GPTQ, then AWQ';
    await flushMicrotasks();
    expect(marksNow()).toEqual(['QuIP#']);
    text.data = 'loading';
    await flushMicrotasks();
    text.data = 'AWQ and AWQ';
    await rescanned(context);
    expect(marksNow().sort()).toEqual(['AWQ', 'AWQ', 'QuIP#']);
    expect(session!.marks.size).toBe(3);
    // The same text set again (a render that changed nothing): the same marks, not one more.
    text.data = 'AWQ and AWQ';
    await rescanned(context);
    expect(marksNow().sort()).toEqual(['AWQ', 'AWQ', 'QuIP#']);
    expect(session!.marks.size).toBe(3);
  });

  it('follows a text node the app replaces with an identical one: the new node is marked once, the old one not at all', async () => {
    const context = startSession('<p id="a">AWQ and GPTQ</p><p>QuIP#</p>');
    await until(() => measures().length === 1);
    const old = document.querySelector('#a')!.firstChild as Text;
    const fresh = document.createTextNode(old.data);
    old.replaceWith(fresh);
    await flushMicrotasks();
    expect(marksNow()).toEqual(['QuIP#']);
    await rescanned(context);
    expect(marksNow().sort()).toEqual(['AWQ', 'GPTQ', 'QuIP#']);
    expect(session!.marks.markAt(fresh, 0)).toBeDefined();
    expect(session!.marks.markAt(old, 0)).toBeUndefined();
    // Replaced by another twin, and the old node put back in its place before the frame: marked once, where it is.
    fresh.replaceWith(document.createTextNode(old.data));
    await flushMicrotasks();
    document.querySelector('#a')!.firstChild!.replaceWith(old);
    await rescanned(context);
    expect(marksNow().sort()).toEqual(['AWQ', 'GPTQ', 'QuIP#']);
    expect(session!.marks.size).toBe(3);
    expect(session!.marks.markAt(old, 0)).toBeDefined();
  });

  it('follows a name the app splits across two text nodes (splitText) and merges again (normalize): one mark, over exactly the name', async () => {
    const context = startSession('<p id="a">We use AWQ here</p>');
    await until(() => measures().length === 1);
    const paragraph = document.querySelector('#a')!;
    const head = paragraph.firstChild as Text;
    const tail = head.splitText('We use AW'.length);
    await flushMicrotasks();
    expect(session!.marks.size).toBe(0);
    await rescanned(context);
    expect(marksNow()).toEqual(['AWQ']);
    const split = session!.marks.markAt(head, 'We use '.length)!;
    expect([split.range.startContainer, split.range.endContainer]).toEqual([head, tail]);
    paragraph.normalize();
    await flushMicrotasks();
    expect(session!.marks.size).toBe(0);
    await rescanned(context);
    expect(marksNow()).toEqual(['AWQ']);
    expect(session!.marks.markAt(head, 'We use '.length)!.range.endContainer).toBe(head);
    // Split and merged again in one task: the same text, one mark.
    head.splitText('We use A'.length);
    paragraph.normalize();
    await rescanned(context);
    expect(marksNow()).toEqual(['AWQ']);
    expect(session!.marks.size).toBe(1);
  });

  it.each([
    ['the page read whole', site],
    ['each result a root (a search’s rows)', siteOn('li')],
  ])('follows results the app moves, removed and put back in one task or one frame: %s', async (_, onSite) => {
    const context = startSession('<ol id="list"><li id="r1">AWQ</li><li id="r2">GPTQ and QuIP#</li><li id="r3">AW</li></ol>', undefined, undefined, undefined, onSite);
    await until(() => measures().length === 1);
    expect(marksNow().sort()).toEqual(['AWQ', 'GPTQ', 'QuIP#']);
    const list = document.querySelector('#list')!;
    const row = (id: string) => document.querySelector(`#${id}`)!;
    list.append(row('r1')); // one call: removed, then added
    await rescanned(context);
    expect(marksNow().sort()).toEqual(['AWQ', 'GPTQ', 'QuIP#']);
    const r2 = row('r2');
    r2.remove();
    list.prepend(r2);
    await rescanned(context);
    expect(marksNow().sort()).toEqual(['AWQ', 'GPTQ', 'QuIP#']);
    const r3 = row('r3');
    r3.remove();
    await flushMicrotasks();
    list.append(r3);
    await rescanned(context);
    expect(marksNow().sort()).toEqual(['AWQ', 'GPTQ', 'QuIP#']);
    expect(session!.marks.size).toBe(3);
  });

  it.each([
    ['its results, a root the app replaces', siteOn('.result-page'), '.result-page'],
    ['the page read whole, its main content replaced', site, '#main'],
  ])('marks exactly what the app shows last when it replaces the content again and again while the first pass reads it: %s', async (_, onSite, selector) => {
    const rows = (text: string) => Array.from({ length: 1_000 }, (_, i) => `<p>${text} ${i} ${'x '.repeat(40)}</p>`).join('');
    const content = (text: string) => (selector === '#main' ? `<div id="main">${rows(text)}</div>` : `<div class="result-page">${rows(text)}</div>`);
    document.body.innerHTML = `<div id="app">${content('AWQ')}</div>`;
    const replacements = ['GPTQ', 'AWQ and GPTQ', 'QuIP#'];
    // Each slice used up at its first look at the clock: the passes pause wherever they can, as on a slow
    // machine, and the app's three replacements all come while the page is being read, however quick the
    // code has become by this test (warm, a pass over this content fits in one slice).
    const now = performance.now.bind(performance);
    let skew = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now() + (skew += 10));
    const pause = Slicer.prototype.pause;
    let pauses = 0;
    const passesAtReplacements: number[] = [];
    vi.spyOn(Slicer.prototype, 'pause').mockImplementation(function (this: Slicer) {
      const next = replacements[pauses++];
      if (next) {
        passesAtReplacements.push(measures().length);
        document.querySelector(selector)!.outerHTML = content(next);
      }
      return pause.call(this);
    });
    const reports: { methodId: string; count: number }[][] = [];
    const context = startSession(null, (_paused, mentions) => reports.push(mentions), undefined, undefined, onSite);
    await until(() => measures().length === 1);
    await until(() => {
      context.runFrames();
      return pauses >= replacements.length && !context.pendingFrames() && session!.marks.size === 1_000;
    });
    // The first replacement came while the first pass read the first content (a root replaced: all of them did).
    expect(passesAtReplacements[0]).toBe(0);
    expect(new Set(marksNow())).toEqual(new Set(['QuIP#']));
    await until(() => reports.at(-1)?.length === 1);
    expect(reports.at(-1)).toEqual([{ methodId: 'quip#', count: 1_000, names: ['QuIP#'] }]);
  });

  it.each([
    ['hidden', (element: HTMLElement, on: boolean) => (element.hidden = on)],
    ['made an editor', (element: HTMLElement, on: boolean) => element.setAttribute('contenteditable', on ? 'true' : 'false')],
  ])('marks a block the app has %s and back in one task exactly as before', async (_, toggle) => {
    const context = startSession('<p>AWQ</p><div id="abstract"><p>GPTQ and QuIP#</p></div>');
    await until(() => measures().length === 1);
    const element = document.querySelector('#abstract') as HTMLElement;
    toggle(element, true);
    toggle(element, false);
    await rescanned(context);
    expect(marksNow().sort()).toEqual(['AWQ', 'GPTQ', 'QuIP#']);
    // Its text changed while hidden or being edited: the new text is marked once shown again, the old not at all.
    toggle(element, true);
    await flushMicrotasks();
    expect(marksNow()).toEqual(['AWQ']);
    element.querySelector('p')!.textContent = 'QuIP# alone';
    await flushMicrotasks();
    toggle(element, false);
    await rescanned(context);
    expect(marksNow().sort()).toEqual(['AWQ', 'QuIP#']);
  });
});

describe('PageSession on a site whose content shows after the page (a single-page app)', () => {
  /** The app's content is its `<main>`, which its first HTML, a shell, does not have. */
  const app: SiteAdapter = { ...site, contentShown: (document) => document.querySelector('main') !== null };
  const SHELL = '<div id="app"><p>The app loads. GPTQ</p></div>';

  /** A session on the app's shell, with each report it makes; its timers run when the test advances the clock. */
  function startOnShell() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    warmUpPauses = 0;
    const reports: { mentions: { methodId: string; count: number }[]; reading: boolean }[] = [];
    const context = startSession(SHELL, (_paused, mentions, reading) => reports.push({ mentions, reading }), undefined, undefined, app);
    return { context, reports };
  }
  afterEach(() => vi.useRealTimers());
  /**
   * Turns of the page until `count` passes have ended: a pass that takes more than one slice yields
   * through a message channel, which the fake clock leaves alone (a cold first pass in a test process does).
   */
  const passesEnded = (count: number) => until(() => measures().length === count);

  it('says the page is being read while only the shell is there, and reports what the content holds once it shows', async () => {
    const { context, reports } = startOnShell();
    await passesEnded(1);
    await vi.advanceTimersByTimeAsync(REPORT_DELAY_MS);
    expect(measures()).toHaveLength(1);
    // The shell's own text is marked, but the page is not reported read on it.
    expect(markedTexts()).toEqual(['GPTQ']);
    expect(reports).toEqual([{ mentions: [], reading: true }]);
    document.querySelector('#app')!.insertAdjacentHTML('beforeend', '<main><p>AWQ and QuIP#</p></main>');
    await vi.advanceTimersByTimeAsync(0); // the observer's callback
    context.runFrames();
    await passesEnded(2);
    await vi.advanceTimersByTimeAsync(REPORT_DELAY_MS);
    expect(measures()).toHaveLength(2);
    expect(reports.at(-1)).toEqual({ mentions: [{ methodId: 'gptq', count: 1, names: ['GPTQ'] }, { methodId: 'awq', count: 1, names: ['AWQ'] }, { methodId: 'quip#', count: 1, names: ['QuIP#'] }], reading: false });
  });

  it('reports the page read with what it has once it has waited CONTENT_WAIT_MS for content that never shows, not before', async () => {
    const { reports } = startOnShell();
    await passesEnded(1);
    await vi.advanceTimersByTimeAsync(CONTENT_WAIT_MS - 1);
    expect(reports).toEqual([{ mentions: [], reading: true }]);
    await vi.advanceTimersByTimeAsync(1 + REPORT_DELAY_MS);
    expect(reports).toEqual([
      { mentions: [], reading: true },
      { mentions: [{ methodId: 'gptq', count: 1, names: ['GPTQ'] }], reading: false },
    ]);
  });

  it('still says the page is being read when the content shows while a report waits, until a pass has read it', async () => {
    const { context, reports } = startOnShell();
    await passesEnded(1); // the shell read; its report waits REPORT_DELAY_MS
    // The app renders before that report goes out, and the pass that reads the content waits for a frame.
    document.querySelector('#app')!.insertAdjacentHTML('beforeend', '<main><p>AWQ and QuIP#</p></main>');
    await vi.advanceTimersByTimeAsync(REPORT_DELAY_MS);
    // What the marks hold is still the shell's: not the page's methods.
    expect(reports).toEqual([{ mentions: [], reading: true }]);
    context.runFrames();
    await passesEnded(2);
    await vi.advanceTimersByTimeAsync(REPORT_DELAY_MS);
    expect(measures()).toHaveLength(2);
    expect(reports.at(-1)).toEqual({ mentions: [{ methodId: 'gptq', count: 1, names: ['GPTQ'] }, { methodId: 'awq', count: 1, names: ['AWQ'] }, { methodId: 'quip#', count: 1, names: ['QuIP#'] }], reading: false });
  });

  it('says the page is being read again while its content is gone (the app rendering it anew), then what the new content holds', async () => {
    const { context, reports } = startOnShell();
    await passesEnded(1);
    await vi.advanceTimersByTimeAsync(REPORT_DELAY_MS);
    document.querySelector('#app')!.insertAdjacentHTML('beforeend', '<main><p>AWQ and QuIP#</p></main>');
    await vi.advanceTimersByTimeAsync(0);
    context.runFrames();
    await passesEnded(2);
    await vi.advanceTimersByTimeAsync(REPORT_DELAY_MS);
    expect(reports.at(-1)!.reading).toBe(false);
    // The app's skeleton in the content's place, on the same address.
    document.querySelector('main')!.remove();
    await vi.advanceTimersByTimeAsync(0);
    context.runFrames();
    await passesEnded(3);
    await vi.advanceTimersByTimeAsync(REPORT_DELAY_MS);
    expect(reports.at(-1)).toEqual({ mentions: [], reading: true });
    document.querySelector('#app')!.insertAdjacentHTML('beforeend', '<main><p>QuIP#</p></main>');
    await vi.advanceTimersByTimeAsync(0);
    context.runFrames();
    await passesEnded(4);
    await vi.advanceTimersByTimeAsync(REPORT_DELAY_MS);
    expect(reports.at(-1)).toEqual({ mentions: [{ methodId: 'gptq', count: 1, names: ['GPTQ'] }, { methodId: 'quip#', count: 1, names: ['QuIP#'] }], reading: false });
  });

  it('once it has waited CONTENT_WAIT_MS for content that never shows, says the page is read as the shell changes', async () => {
    const { context, reports } = startOnShell();
    await passesEnded(1);
    await vi.advanceTimersByTimeAsync(CONTENT_WAIT_MS + REPORT_DELAY_MS);
    document.querySelector('#app')!.insertAdjacentHTML('beforeend', '<p>AWQ</p>');
    await vi.advanceTimersByTimeAsync(0);
    context.runFrames();
    await passesEnded(2);
    await vi.advanceTimersByTimeAsync(REPORT_DELAY_MS);
    expect(reports.at(-1)).toEqual({ mentions: [{ methodId: 'gptq', count: 1, names: ['GPTQ'] }, { methodId: 'awq', count: 1, names: ['AWQ'] }], reading: false });
  });

  it('reports nothing more once stopped while it waits for the content', async () => {
    const { reports } = startOnShell();
    await passesEnded(1);
    await vi.advanceTimersByTimeAsync(REPORT_DELAY_MS);
    session!.stop();
    await vi.advanceTimersByTimeAsync(CONTENT_WAIT_MS + REPORT_DELAY_MS);
    expect(reports).toEqual([{ mentions: [], reading: true }]);
  });
});
