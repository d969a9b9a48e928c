/**
 * A method's full record: what it is, its status (or what is known without one), every critique,
 * every head-to-head loss, newer alternatives, and what it beats and critiques itself. Every other
 * method named is a link to its own record.
 */
import { Fragment } from 'preact';
import { formatDate } from '@/lib/format';
import type { MethodRecordView } from '@/lib/store/read';
import { critiqueCoverage, distinctSources, lossCoverage } from '@/lib/popup/record-coverage';
import { StatusBadge } from '@/components/StatusBadge';
import { LossRow } from '@/components/LossRow';
import { Coverage } from './Coverage';
import { CritiqueList } from './CritiqueList';
import { DatedEntryList } from './DatedEntryList';
import { ActionButton } from './ActionButton';
import { LossTable } from './LossTable';
import { MethodLink } from './MethodLink';
import { PaperLinks } from './PaperLinks';
import { RecordFacts } from './RecordFacts';
import { RecordOnPage, type RecordMentions } from './RecordOnPage';
import { RecordSection } from './RecordSection';
import { SourcePaper } from './SourcePaper';
import { StatusSection } from './StatusSection';
import { useDocumentTitle } from '@/lib/popup/use-document-title';

/** The KB's caveat on every head-to-head value it lists. */
const VALUES_CAVEAT = 'Values are copied from the source paper’s tables: verify against the cited paper.';

/**
 * `muted`: the reader muted this method (it is never marked on pages); `unmute` undoes it. `onPage`: the
 * popup's tab mentions it (on its page, or in the HTML version of its arXiv PDF).
 */
export function MethodRecord({
  record,
  muted = null,
  onPage = null,
}: {
  record: MethodRecordView;
  muted?: { unmute: () => Promise<void> } | null;
  onPage?: RecordMentions | null;
}) {
  const { method, critiques, losses, wins, newerAlternatives, critiquesMade } = record;
  useDocumentTitle(method.name);
  return (
    <article class="view record" aria-labelledby="view-title">
      <header class="record-head">
        <div class="record-title-row">
          <h1 id="view-title" class="view-title" tabIndex={-1}>
            {method.name}
          </h1>
          <StatusBadge status={method.status} />
        </div>
        {/* Here and below, a name, title or quote from the snapshot among our words is isolated (<bdi>): a
            right-to-left override one leaves open (valid text to the schema) ran on, and drew "also written
            A, B" with ", B" backwards, "cites GPTQ as a baseline" with "as a baseline" backwards. */}
        {method.aliases.length > 0 && (
          <p class="record-aliases">
            also written{' '}
            {method.aliases.map((alias, index) => (
              <Fragment key={index}>
                {index > 0 && ', '}
                <bdi>{alias}</bdi>
              </Fragment>
            ))}
          </p>
        )}
        {method.paperTitle && (
          <p class="record-paper">
            <cite>
              <bdi>{method.paperTitle}</bdi>
            </cite>{' '}
            <PaperLinks title={method.paperTitle} />
          </p>
        )}
        <RecordFacts method={method} familyId={record.familyId} subProblemId={record.subProblemId} />
        {onPage && <RecordOnPage mentions={onPage} />}
      </header>
      {muted && <MutedNote name={method.name} unmute={muted.unmute} />}

      <StatusSection method={method} subProblemId={record.subProblemId} frontier={record.frontier} alternativeTo={record.alternativeTo} />

      <RecordSection title="What papers say" count={critiques.length}>
        {critiques.length > 0 && (
          <p class="section-lead">
            Verbatim critique sentences, each from a paper that cites <bdi>{method.name}</bdi> as a baseline.
          </p>
        )}
        <Coverage
          text={critiqueCoverage(critiques.length, distinctSources(critiques), method.critiquedBy)}
          otherwise={
            <>
              The KB quotes no critique of <bdi>{method.name}</bdi>.
            </>
          }
        />
        {critiques.length > 0 && <CritiqueList critiques={critiques} />}
      </RecordSection>

      <RecordSection title="Beaten on benchmarks" count={losses.length}>
        {losses.length > 0 && (
          <p class="section-lead">
            Head-to-head results where a newer method reports beating <bdi>{method.name}</bdi>. {VALUES_CAVEAT}
          </p>
        )}
        <Coverage
          text={lossCoverage(losses.length, distinctSources(losses), method.beatenBy)}
          otherwise={
            <>
              The KB lists no head-to-head result <bdi>{method.name}</bdi> lost.
            </>
          }
        />
        {losses.length > 0 && <LossTable methodName={method.name} losses={losses} />}
      </RecordSection>

      <RecordSection title="Newer alternatives" count={newerAlternatives.length}>
        {newerAlternatives.length === 0 ? (
          <p class="none">The KB lists no newer alternative.</p>
        ) : (
          <>
            <p class="section-lead">Recent methods in the same sub-problem, not yet superseded in the knowledge base.</p>
            <DatedEntryList entries={newerAlternatives} label={`Newer alternatives to ${method.name}`} />
          </>
        )}
      </RecordSection>

      {wins.length > 0 && (
        <RecordSection
          title={`${method.name} beats`}
          shownTitle={
            <>
              <bdi>{method.name}</bdi> beats
            </>
          }
          count={wins.length}
        >
          <p class="section-lead">{VALUES_CAVEAT}</p>
          <ul class="win-list">
            {wins.map((win, index) => (
              <li key={index}>
                <LossRow
                  loss={{ ...win, winnerName: method.name }}
                  loserName={win.loserName ?? win.loserId ?? undefined}
                  lead={
                    <>
                      {/* The variant the source printed as the winner, e.g. "QMC (no noise)". */}
                      {win.winnerLabel && (
                        <>
                          <bdi>{win.winnerLabel}</bdi>{' '}
                        </>
                      )}
                      over <MethodLink id={win.loserId} name={win.loserName} />
                    </>
                  }
                />
                <p class="win-source">
                  <SourcePaper title={win.sourceTitle} />
                </p>
              </li>
            ))}
          </ul>
        </RecordSection>
      )}

      {critiquesMade.length > 0 && (
        <RecordSection
          title={`What ${method.name}’s paper says of others`}
          shownTitle={
            <>
              What <bdi>{method.name}</bdi>’s paper says of others
            </>
          }
          count={critiquesMade.length}
        >
          <ul class="critiques-made">
            {critiquesMade.map((critique, index) => (
              <li key={index}>
                <p class="critiques-made-target">
                  On <MethodLink id={critique.methodId} name={critique.methodName} />:
                </p>
                <blockquote class="quote">
                  <p>
                    “<bdi>{critique.quote}</bdi>”
                  </p>
                </blockquote>
              </li>
            ))}
          </ul>
        </RecordSection>
      )}

      {/* The snapshot's date, as on the hover card; the topic's own update when it is another day. */}
      <p class="as-of">
        Snapshot as of {formatDate(record.snapshotDate)}
        {record.topicUpdated && formatDate(record.topicUpdated) !== formatDate(record.snapshotDate) && ` · topic updated ${formatDate(record.topicUpdated)}`}
      </p>
    </article>
  );
}

/** A muted method's record says so, and unmutes it in one press (focus then goes to the record's title). */
function MutedNote({ name, unmute }: { name: string; unmute: () => Promise<void> }) {
  return (
    <div class="note note-warning muted-note">
      <p>
        You muted <bdi>{name}</bdi>: it is never marked on pages.
      </p>
      <ActionButton
        label={
          <>
            Unmute <bdi>{name}</bdi>
          </>
        }
        failureTitle="It could not be unmuted."
        action={unmute}
      />
    </div>
  );
}
