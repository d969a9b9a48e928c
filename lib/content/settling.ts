/**
 * What a paused page (one that never stops changing) still gets read: the blocks it changes outside the
 * part that churns, each once it has stayed unchanged for a while. A part that churned before the pause
 * must stay unchanged for the calm window, a block new to the churn for `SETTLE_MS` only, twice as long
 * each time it is read and changes again (up to the calm window): a ticker never gets read, and one that
 * slows down, or starts after the pause, is read a few times at most, not at each change. Roots the page
 * adds, removes or moves are found again, and the page read whole, once they have stayed put.
 */

/** How long a block the page changed while paused must stay unchanged before it is read. */
const SETTLE_MS = 500;

/**
 * The blocks rescanned lately (within the runaway window), oldest first: should the page run away, the
 * part that churned. A change not known block by block (roots moved, too many blocks to list) leaves
 * the churn unknown for a window.
 */
export class RecentChanges {
  #at = new Map<Element, number>();
  #unknownAt = -Infinity;
  readonly #windowMs: number;
  readonly #maxBlocks: number;

  constructor(windowMs: number, maxBlocks: number) {
    this.#windowMs = windowMs;
    this.#maxBlocks = maxBlocks;
  }

  rescanned(blocks: Iterable<Element>, at: number): void {
    for (const [block, time] of this.#at) {
      if (at - time <= this.#windowMs) break;
      this.#at.delete(block);
    }
    for (const block of blocks) {
      this.#at.delete(block);
      this.#at.set(block, at);
    }
    if (this.#at.size > this.#maxBlocks) this.unlisted(at);
  }

  unlisted(at: number): void {
    this.#at.clear();
    this.#unknownAt = at;
  }

  /** The blocks that churned lately, or null when that is not known block by block. */
  churned(now: number): Element[] | null {
    return now - this.#unknownAt <= this.#windowMs ? null : [...this.#at.keys()];
  }

  clear(): void {
    this.#at.clear();
    this.#unknownAt = -Infinity;
  }
}

/** A pause's blocks waiting to settle, and the roots, should the page move them. */
export class Settling {
  /** Changed blocks not read yet → when each will have stayed unchanged long enough (if it does not change again). */
  #due = new Map<Element, number>();
  /** How long a block that churned, or was read while paused, must stay unchanged; any other, `SETTLE_MS`. */
  #stillFor = new WeakMap<Element, number>();
  #rootsDue: number | null = null;
  #rootsStillFor = SETTLE_MS;
  readonly #longestMs: number;
  readonly #maxBlocks: number;

  /** `churned`: the blocks that churned before the pause; `longestMs`: the calm window. */
  constructor(churned: Iterable<Element>, longestMs: number, maxBlocks: number) {
    this.#longestMs = Math.max(longestMs, SETTLE_MS);
    this.#maxBlocks = maxBlocks;
    for (const block of churned) this.#stillFor.set(block, this.#longestMs);
  }

  /**
   * The page changed these blocks at `at`: returns when the first of them will have settled. Past
   * `maxBlocks` waiting, new ones are left to the page's calm.
   */
  changed(blocks: Iterable<Element>, at: number): number | undefined {
    let first: number | undefined;
    for (const block of blocks) {
      if (this.#due.size >= this.#maxBlocks && !this.#due.has(block)) continue;
      const due = at + (this.#stillFor.get(block) ?? SETTLE_MS);
      this.#due.set(block, due);
      if (first === undefined || due < first) first = due;
    }
    return first;
  }

  /**
   * The page added, removed or moved roots at `at`: the roots are found and read again once they stay put.
   * Returns when that will be.
   */
  rootsMoved(at: number): number {
    return (this.#rootsDue = at + this.#rootsStillFor);
  }

  /** When the next block (or the roots) will have settled, if any waits. */
  nextDue(): number | undefined {
    let next = this.#rootsDue ?? Infinity;
    for (const due of this.#due.values()) next = Math.min(next, due);
    return next === Infinity ? undefined : next;
  }

  /**
   * Takes what has settled by `now`: the blocks, and whether the roots moved. Each must stay unchanged
   * twice as long before it is read again.
   */
  takeSettled(now: number): { blocks: Element[]; rootsMoved: boolean } {
    const blocks: Element[] = [];
    for (const [block, due] of this.#due) {
      if (due > now) continue;
      this.#due.delete(block);
      blocks.push(block);
      this.#stillFor.set(block, this.#longer(this.#stillFor.get(block) ?? SETTLE_MS));
    }
    const rootsMoved = this.#rootsDue !== null && this.#rootsDue <= now;
    if (rootsMoved) {
      this.#rootsDue = null;
      this.#rootsStillFor = this.#longer(this.#rootsStillFor);
    }
    return { blocks, rootsMoved };
  }

  #longer(stillFor: number): number {
    return Math.min(stillFor * 2, this.#longestMs);
  }
}
