/**
 * "Show on page" in a "This page" row, and on the record of a method the tab mentions: scrolls the tab to
 * the method's first mention and shows it a moment in the colour of a find; pressed again, to the next,
 * and from the first again past the last. What it says (which mention, or why none) is in a live region
 * there from the start, so that it is said.
 */
import { useState } from 'preact/hooks';
import type { MentionShown } from '@/lib/messaging/protocol';
import type { ShowMention } from '@/lib/popup/show-mention-on';
import { errorText } from '@/lib/store/storage-error';
import { formatCount } from '@/lib/format';

type Outcome = { kind: 'shown'; shown: MentionShown } | { kind: 'none' } | { kind: 'failed'; error: string };

export function ShowOnPage({ methodId, name, show }: { methodId: string; name: string; show: ShowMention }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  /** The mention to show at the next press: after the one shown (a failure keeps the reader's place). */
  const [next, setNext] = useState(0);
  const [busy, setBusy] = useState(false);
  const press = () => {
    if (busy) return;
    setBusy(true);
    show(methodId, next)
      .then(
        (shown) => {
          setOutcome(shown.count === 0 ? { kind: 'none' } : { kind: 'shown', shown });
          setNext(shown.count === 0 ? 0 : shown.index + 1);
        },
        (error) => setOutcome({ kind: 'failed', error: errorText(error) }),
      )
      .finally(() => setBusy(false));
  };
  return (
    <span class="show-on-page">
      {/* Named with the method for a screen reader, whose list of buttons would hold many alike. */}
      <button type="button" class="button button-inline" onClick={press}>
        {next === 0 ? 'Show' : 'Next'}
        <span class="visually-hidden">
          {' '}
          <bdi>{name}</bdi>
        </span>{' '}
        on page
      </button>
      <span aria-live="polite">{outcome && <OutcomeWords outcome={outcome} />}</span>
    </span>
  );
}

function OutcomeWords({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'failed') return <span class="show-on-page-failure">{outcome.error}</span>;
  if (outcome.kind === 'none') return <>None of its mentions shows on the page now.</>;
  const { index, count } = outcome.shown;
  return (
    <>
      {formatCount(index + 1)} of {formatCount(count)}
    </>
  );
}
