import type { ContentScriptContext } from 'wxt/utils/content-script-context';

type Phase = 'read' | 'match' | 'mark';
type Timers = Pick<ContentScriptContext, 'setTimeout'>;

/**
 * Cuts work into slices: `shouldYield` turns true once a slice has used its budget, and `pause()`
 * gives the page its turn before the next slice starts. The turn is two message-channel tasks: they
 * queue behind the page's own due timers and events, unlike `scheduler.yield()`, whose
 * continuations go first (on a 500k-node page the page's 0 ms timers waited for the whole pass, 8 s
 * on a loaded machine), and unlike `setTimeout(0)`, which is clamped to 4 ms once nested. The
 * script's first pauses are longer (`WARM_UP_PAUSES`).
 */
export class Slicer {
  slices = 1;
  /** What the current slice is doing, and what the longest one was doing: 'read', 'match' or 'mark'. */
  longestPhase: Phase = 'read';
  /** Time worked per phase (a phase's share of the pass, for the benchmark). */
  readonly phases: Record<Phase, number> = { read: 0, match: 0, mark: 0 };
  #current: Phase = 'read';
  #phaseStart: number;
  #workedBefore = 0;
  #longestBefore = 0;

  readonly #budgetMs: number;
  #sliceStart: number;
  readonly #timers: Timers;
  readonly #warmUp: WarmUp;

  /** `timers`: the content script's context, whose timers end with it; `warmUp`: the script's (`scriptWarmUp`). */
  constructor(budgetMs: number, sliceStart: number, timers: Timers, warmUp: WarmUp) {
    this.#budgetMs = budgetMs;
    this.#sliceStart = sliceStart;
    this.#phaseStart = sliceStart;
    this.#timers = timers;
    this.#warmUp = warmUp;
  }

  get phase(): Phase {
    return this.#current;
  }

  set phase(phase: Phase) {
    const now = performance.now();
    this.phases[this.#current] += now - this.#phaseStart;
    this.#phaseStart = now;
    this.#current = phase;
  }

  readonly shouldYield = (): boolean => performance.now() - this.#sliceStart >= this.#budgetMs;

  async pause(): Promise<void> {
    const now = performance.now();
    const slice = now - this.#sliceStart;
    this.phases[this.#current] += now - this.#phaseStart;
    this.#workedBefore += slice;
    if (slice > this.#longestBefore) {
      this.#longestBefore = slice;
      this.longestPhase = this.phase;
    }
    // Two hops. The page's timers that fell due while we worked (or while it did work of its own in
    // the first hop: a first layout) are queued only when the browser picks its next task, behind our
    // first message: the second queues behind them, and so does a warm-up pause's timer, due later.
    await yieldToPage();
    if (this.#warmUp.pausesLeft > 0) {
      this.#warmUp.pausesLeft--;
      await new Promise<void>((resolve) => this.#timers.setTimeout(resolve, WARM_UP_PAUSE_MS));
    } else await yieldToPage();
    this.slices++;
    this.#sliceStart = this.#phaseStart = performance.now();
  }

  /** The longest slice so far (the current one included): how long the page was kept waiting. */
  longest(): number {
    const current = performance.now() - this.#sliceStart;
    if (current > this.#longestBefore) this.longestPhase = this.phase;
    return Math.max(this.#longestBefore, current);
  }

  /** Time worked per phase, the current one included. */
  phaseTimes(): Record<Phase, number> {
    this.phase = this.#current;
    return { ...this.phases };
  }

  /** Time spent working, without the pauses. */
  worked(): number {
    return this.#workedBefore + performance.now() - this.#sliceStart;
  }
}

/**
 * The first pauses this script makes (its first pass over a long page) wait a few milliseconds. V8
 * compiles the pass's code on background threads as it grows hot, during that pass: on two cores, those
 * compiles took a core from the main thread, which ran 65–73 % of each slice's time in a trace (the page
 * blocked all along). While the pass waits, the compiles have a core and the page its main thread. The
 * first pass over the long paper worked 0.75× as long (0.78× with 20,000 methods) and was marked at most
 * 36 ms later (`bench:scan-ab`). Later passes run code compiled by then, and pause as briefly as they can.
 */
export const WARM_UP_PAUSES = 16;
export const WARM_UP_PAUSE_MS = 3;

/** The warm-up pauses a script has left: one count per script, shared by all its passes (its sessions'). */
export interface WarmUp {
  pausesLeft: number;
}

export const scriptWarmUp = (): WarmUp => ({ pausesLeft: WARM_UP_PAUSES });

/** One channel for every pause; each message releases the oldest waiting slice. */
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

function yieldToPage(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const { port2 } = channel;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port2.postMessage(null);
  });
}
