/**
 * What each hover card shows of a method (its model, which the background makes from the method's record),
 * asked of the background once per method and kept for the page. A request
 * that fails is forgotten, and so is one that has had no answer after `RECORD_WAIT_MS`: the background
 * may never answer (its store held by a long write, a reply lost), and the reader is told so rather
 * than shown nothing, and asks again at the next hover, instead of waiting on the same request.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardModel } from '@/components/HoverCard';

/**
 * Long enough for a worker started cold (its store opened, a page of dossiers read: well under a
 * second, a few when the machine is busy), short enough that a reader resting on a name still waits.
 * An answer that comes later is kept, and shown in place of the card that said it could not be read.
 */
export const RECORD_WAIT_MS = 5_000;

export interface CardRecords {
  /** The method's card, null if it has no record; rejects when its record could not be read in time. */
  load(methodId: string): Promise<CardModel | null>;
  /** Forgets every record (a new snapshot; requests cut off by the back-forward cache). */
  clear(): void;
}

/**
 * The wait is `ctx`'s, as every content-script timer: it ends nothing once the extension is gone from
 * under the page. `onLate` hears of an answer that came after the wait: the card that said it could not
 * be read may show it.
 */
export function cardRecords(
  ctx: Pick<ContentScriptContext, 'setTimeout'>,
  ask: (methodId: string) => Promise<CardModel | null>,
  onLate: (methodId: string) => void = () => {},
): CardRecords {
  const cards = new Map<string, Promise<CardModel | null>>();
  /** Moved on by `clear`: an answer to a request from before is not kept. */
  let generation = 0;
  return {
    load(methodId) {
      const kept = cards.get(methodId);
      if (kept) return kept;
      const asked = generation;
      const forget = () => cards.get(methodId) === model && cards.delete(methodId);
      const model = new Promise<CardModel | null>((resolve, reject) => {
        const timer = ctx.setTimeout(() => {
          forget();
          reject(new Error('No answer from the background in time.'));
        }, RECORD_WAIT_MS);
        ask(methodId).then(
          (answer) => {
            clearTimeout(timer);
            resolve(answer);
            // Late (the reader was told it could not be read): kept for the next hover, unless asked again meanwhile.
            if (asked !== generation || cards.has(methodId)) return;
            cards.set(methodId, Promise.resolve(answer));
            onLate(methodId);
          },
          (error: unknown) => {
            clearTimeout(timer);
            forget(); // not remembered: the next hover asks again
            reject(error);
          },
        );
      });
      cards.set(methodId, model);
      return model;
    },
    clear() {
      generation++;
      cards.clear();
    },
  };
}
