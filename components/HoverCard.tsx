/**
 * The compact card shown when the pointer rests on a marked method name. Everything from the
 * snapshot is rendered as text (Preact escapes it); nothing is inserted as HTML. Each string from it
 * that the card's own words follow is isolated (`<bdi>`, or `unicode-bidi: isolate` on its element):
 * a right-to-left override a publisher left open cannot reverse a date or a value after it.
 */
import { Fragment } from 'preact';
import { STATUS_MEANINGS } from '@/lib/snapshot/status';
import { countsLine, excerpt, formatCount, formatDate, papersOf, plural } from '@/lib/format';
import { RankWords } from './RankWords';
import { StatusBadge } from './StatusBadge';
import type { MethodStanding } from '@/lib/page-summary';
import { LossRow, type LossSummary } from './LossRow';
import type { Direction } from '@/lib/popup/benchmark-gap';
import type { Theme } from '@/lib/content/page-theme';

export interface CardModel extends MethodStanding {
  id: string;
  subProblem: string | null;
  critique: { quote: string; sourceTitle: string } | null;
  lossCount: number;
  /** The papers those losses come from: often fewer than `beatenBy`, the KB's count of all that beat it. */
  lossPapers: number;
  /** The first loss listed, and which way its metric is better, when both values are numbers. */
  loss: (LossSummary & { better: Direction | null }) | null;
  alternatives: { name: string; date: string | null }[];
  /** The record's other newer alternatives the card leaves out: named, and dated entries the KB names no method for. */
  moreAlternatives: { named: number; unnamed: number };
  /** The methods the KB lists this one as a newer alternative to. */
  alternativeTo: string[];
  /** The head-to-head results the KB lists this method winning, and the methods it beats in them. */
  wins: { count: number; over: string[] };
  /** The methods its own paper critiques, in quotes the KB lists. */
  critiques: string[];
  /** Where a topic's frontier lists it. */
  frontier: { topic: string; date: string | null } | null;
  asOf: string | null;
}

/** A method whose record could not be read (the store failed, the background did not answer). */
export interface UnreadableRecord {
  id: string;
  unreadable: true;
}

/** What the card shows: a method's record, or that it could not be read. */
export type CardContent = CardModel | UnreadableRecord;

export interface HoverCardProps {
  model: CardContent;
  /** The page's look where the mark is: the card matches it. */
  theme: Theme;
  onOpenRecord: () => void;
  onClose: () => void;
}

export function HoverCard({ model, theme, onOpenRecord, onClose }: HoverCardProps) {
  if ('unreadable' in model) {
    // Not an empty rest on the mark: the reader learns the card has nothing to say this time, and why.
    return (
      <div class="ml-card" data-theme={theme} role="dialog" aria-label="Method Lens: record not read">
        <p class="ml-meaning">Method Lens could not read this method’s record. Hover over or tap the name again to try again.</p>
      </div>
    );
  }
  const counts = countsLine(model.critiquedBy, model.beatenBy);
  const moreAlternatives = moreAlternativesLine(model.moreAlternatives);
  const known = [
    model.rank !== null ? <RankWords rank={model.rank} topic={model.topic} /> : null,
    model.subProblem ? (
      <>
        sub-problem: <bdi>{model.subProblem}</bdi>
      </>
    ) : null,
    model.frontier ? (
      <>
        listed in the frontier of <bdi>{model.frontier.topic}</bdi>
        {model.frontier.date && (
          <>
            {' '}
            (dated <span class="ml-nowrap">{formatDate(model.frontier.date)}</span>)
          </>
        )}
      </>
    ) : null,
    model.alternativeTo.length > 0 ? <>newer alternative to {namesList(model.alternativeTo)}</> : null,
    // What the KB lists the method doing itself: without it, a winner's card would say the KB knows nothing of it.
    model.wins.over.length > 0 ? (
      <>
        beats {namesList(model.wins.over)} in {plural(model.wins.count, 'head-to-head result', 'head-to-head results')} listed
      </>
    ) : null,
    model.critiques.length > 0 ? <>its paper critiques {namesList(model.critiques)}</> : null,
  ].filter((part) => part !== null);
  const knownLine = known.map((part, i) => (
    <>
      {i > 0 && ' · '}
      {part}
    </>
  ));

  // Heard with the dialog's name as focus enters it (Tab from the page), before the control: what the
  // card says of the method, which a screen reader would otherwise not read out. The ids are the shadow root's.
  const description = [model.status && 'ml-card-status', 'ml-card-meaning', counts && 'ml-card-counts'].filter(Boolean).join(' ');

  return (
    <div
      class="ml-card"
      data-theme={theme}
      role="dialog"
      aria-label={`Method Lens: ${model.name}`}
      aria-describedby={description}
      // Escape never gets here: the content script takes it on the window, before the page hears it (`hover.ts`).
      onKeyDown={(event) => {
        if (event.key === 'Tab') {
          // Its one control is all there is to reach: Tab on leaves the card, and focus goes back to the
          // page where it was (rather than past the card's host, at the end of the page).
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div class="ml-card-head">
        <span class="ml-card-name">{model.name}</span>
        <StatusBadge status={model.status} id="ml-card-status" />
      </div>
      {model.status ? (
        <p class="ml-meaning" id="ml-card-meaning">{STATUS_MEANINGS[model.status]}</p>
      ) : (
        <p class="ml-meaning" id="ml-card-meaning">
          No status in the KB{known.length > 0 && <>; {knownLine}</>}.
        </p>
      )}
      {model.status && known.length > 0 && <p class="ml-known">{knownLine}</p>}
      {counts && <p class="ml-counts" id="ml-card-counts">{counts}</p>}
      {model.critique && (
        <blockquote class="ml-quote">
          <p>
            “<bdi>{excerpt(model.critique.quote, 180)}</bdi>”
          </p>
          <cite>
            — <bdi>{model.critique.sourceTitle}</bdi>
          </cite>
        </blockquote>
      )}
      {model.lossCount > 0 && model.loss && (
        <div class="ml-losses">
          <p class="ml-section">
            {/* "Listed": the KB lists at most a dozen results a method lost, not all of them. */}
            {plural(model.lossCount, 'head-to-head loss', 'head-to-head losses')} listed, from {papersOf(model.lossPapers, model.beatenBy)}, e.g.
          </p>
          <LossRow loss={model.loss} loserName={model.name} />
          {model.loss.better && <span class="ml-better"> · {model.loss.better} is better</span>}
        </div>
      )}
      {(model.alternatives.length > 0 || moreAlternatives) && (
        <div class="ml-alternatives">
          <p class="ml-section">Newer alternatives</p>
          {/* None named (the KB gives only dates): the full record's unnamed entries are still said. */}
          {model.alternatives.length > 0 && (
            <ul>
              {model.alternatives.map((alternative) => (
                <li key={alternative.name}>
                  <bdi>{alternative.name}</bdi>
                  {alternative.date && <span class="ml-date"> · {formatDate(alternative.date)}</span>}
                </li>
              ))}
            </ul>
          )}
          {moreAlternatives && <p class="ml-more">{moreAlternatives}</p>}
        </div>
      )}
      <div class="ml-card-foot">
        {model.asOf && <span class="ml-asof">as of {formatDate(model.asOf)}</span>}
        <button type="button" class="ml-open" onClick={onOpenRecord}>
          Open full record
        </button>
      </div>
    </div>
  );
}

/** "A", "A and B", "A, B and C", each isolated; past three, "A, B, C and 2 more". */
function namesList(names: readonly string[]) {
  const shown = names.slice(0, MAX_NAMES_LISTED);
  const more = names.length - shown.length;
  return (
    <>
      {shown.map((name, i) => (
        <Fragment key={i}>
          {i > 0 && (i === shown.length - 1 && more === 0 ? ' and ' : ', ')}
          <bdi>{name}</bdi>
        </Fragment>
      ))}
      {more > 0 && ` and ${formatCount(more)} more`}
    </>
  );
}

/** What the full record lists besides the card's alternatives: "1 more, and 6 unnamed entries, in the full record". */
function moreAlternativesLine({ named, unnamed }: CardModel['moreAlternatives']): string | null {
  const unnamedWords = plural(unnamed, 'unnamed entry', 'unnamed entries');
  if (named > 0 && unnamed > 0) return `${formatCount(named)} more, and ${unnamedWords}, in the full record`;
  if (named > 0) return `${formatCount(named)} more in the full record`;
  if (unnamed > 0) return `${unnamedWords} in the full record`;
  return null;
}

const MAX_NAMES_LISTED = 3;
