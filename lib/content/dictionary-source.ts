/**
 * The page's dictionary and its matcher, asked of the background when a page to mark first needs them
 * (Semantic Scholar's home or an author page never does: with a large snapshot the answer is over a
 * megabyte to parse), and again once dropped (a mute, a new snapshot). Where the background does not
 * answer, the last ones answered stay in use, and the page asks again later (`failed`).
 */
import type { Matcher } from '@/lib/match/matcher';
import type { PageDictionary } from '@/lib/page-dictionary';

export interface Prepared {
  readonly dictionary: PageDictionary;
  /** Compiled when first read: an answer a mute made stale on its way is never compiled (0.6–3 ms). */
  readonly matcher: Matcher;
}

export interface DictionarySource {
  /** The dictionary in use, asked for when there is none; the last one answered when asking fails (null if none was). */
  get(): Promise<Prepared | null>;
  /** The dictionary in use or on its way, without asking; null when there is none. */
  readonly current: Promise<Prepared | null> | null;
  /** Whether the page has asked, answered or not: one that never did has none to replace. */
  readonly asked: boolean;
  /** Whether the last answer asked for was a failure (the background's store failing): what `get` gave is an older one, or none. */
  readonly failed: boolean;
  /** Forgets the dictionary in use: the next `get` asks again, and an answer still on its way is not kept. */
  drop(): void;
  /**
   * The page goes into the back-forward cache, where a request on its way never has its answer (the
   * browser closes the page's channels, and the request neither resolves nor fails): it is dropped.
   * Whether there was one.
   */
  abandonUnanswered(): boolean;
}

export function dictionarySource(ask: () => Promise<PageDictionary>, compile: (dictionary: PageDictionary) => Matcher): DictionarySource {
  let current: Promise<Prepared | null> | null = null;
  let lastAnswered: Prepared | null = null;
  /** The request on its way, not answered yet. */
  let unanswered: Promise<Prepared | null> | null = null;
  let asked = false;
  let failed = false;
  return {
    get() {
      if (current) return current;
      asked = true;
      const request: Promise<Prepared | null> = ask().then(
        (dictionary) => {
          let matcher: Matcher | undefined;
          const ready: Prepared = {
            dictionary,
            get matcher() {
              return (matcher ??= compile(dictionary));
            },
          };
          if (current === request) {
            lastAnswered = ready; // not an answer a drop has made stale since
            failed = false;
          }
          return ready;
        },
        () => {
          if (current === request) {
            current = null; // asked again by the next page to mark
            failed = true;
          }
          return lastAnswered;
        },
      );
      unanswered = request;
      void request.finally(() => {
        if (unanswered === request) unanswered = null;
      });
      return (current = request);
    },
    get current() {
      return current;
    },
    get asked() {
      return asked;
    },
    get failed() {
      return failed;
    },
    drop() {
      current = null;
    },
    abandonUnanswered() {
      if (!unanswered) return false;
      if (current === unanswered) current = null;
      unanswered = null;
      return true;
    },
  };
}
