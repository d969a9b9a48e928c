/**
 * The KB's meaning of a method's status, or without one what the KB does give (counts, rank,
 * sub-problem); and where the KB's lists name the method (a frontier, others' newer alternatives).
 */
import { Fragment, type ComponentChildren } from 'preact';
import { STATUS_MEANINGS } from '@/lib/snapshot/status';
import type { Method } from '@/lib/snapshot/schema';
import type { MethodRecordView } from '@/lib/store/read';
import { countsLine, formatDate } from '@/lib/format';
import { RankWords } from '@/components/RankWords';
import { statusStyle } from '@/lib/popup/status-style';
import { MethodLink } from './MethodLink';
import { OtherMethod } from './OtherMethod';
import { distinctOtherMethods } from '@/lib/named-entries';

interface StatusSectionProps {
  method: Method;
  subProblemId: string | null;
  frontier: MethodRecordView['frontier'];
  alternativeTo: MethodRecordView['alternativeTo'];
}

export function StatusSection({ method, subProblemId, frontier, alternativeTo }: StatusSectionProps) {
  const counts = countsLine(method.critiquedBy, method.beatenBy);
  const rank = method.rank !== null ? <RankWords rank={method.rank} topic={method.topic} /> : null;
  const listings = <Listings method={method} frontier={frontier} alternativeTo={alternativeTo} />;
  if (method.status) {
    return (
      <div class="status-box" style={statusStyle(method.status)}>
        <p>
          <strong>{method.status}</strong>: {STATUS_MEANINGS[method.status]}.
        </p>
        {(counts || rank) && (
          <p class="status-facts">
            {counts}
            {counts && rank && ' · '}
            {rank}
          </p>
        )}
        {listings}
      </div>
    );
  }
  const subProblem = method.subProblem && (
    <>
      sub-problem: <OtherMethod label={method.subProblem} id={subProblemId} self={method.id} />
    </>
  );
  const known = [counts, rank, subProblem].filter(Boolean);
  const listed = frontier.length > 0 || distinctOtherMethods(alternativeTo, method.id).length > 0;
  return (
    <div class="status-box" style={statusStyle(null)}>
      <p>
        <strong>No status in the KB.</strong>
        {known.length ? ' What it does record:' : !listed && ' It records no counts, rank or sub-problem for this method either.'}
      </p>
      {known.length > 0 && (
        <p class="status-facts">
          {known.map((fact, i) => (
            <Fragment key={i}>
              {i > 0 && ' · '}
              {fact}
            </Fragment>
          ))}
        </p>
      )}
      {listings}
    </div>
  );
}

/**
 * Where the KB's lists name the method: a topic's frontier, and other methods' newer alternatives. The
 * date is the one those lists give the method itself (its paper's), said once however many list it.
 */
function Listings({ method, frontier, alternativeTo }: Pick<StatusSectionProps, 'method' | 'frontier' | 'alternativeTo'>) {
  const topics = [...new Set(frontier.map((listing) => listing.topic))];
  const others = distinctOtherMethods(alternativeTo, method.id);
  return (
    <>
      {topics.length > 0 && (
        <p class="status-facts frontier-listing">
          Listed in the frontier of{' '}
          {andList(topics.map((topic) => <bdi>{topic}</bdi>))}
          <Dated dates={frontier.map((listing) => listing.date)} />.
        </p>
      )}
      {others.length > 0 && (
        <p class="status-facts alternative-listing">
          Listed as a newer alternative to {andList(others.map((entry) => <MethodLink id={entry.methodId} name={entry.name} />))}
          <Dated dates={others.map((entry) => entry.date)} />.
        </p>
      )}
    </>
  );
}

/** " (dated Jun 4, 2026)", each distinct date once; nothing without a date. */
function Dated({ dates }: { dates: readonly (string | null)[] }) {
  const distinct = [...new Set(dates.filter((date): date is string => date !== null))];
  if (distinct.length === 0) return null;
  return (
    <>
      {' '}
      (dated{' '}
      {distinct.map((date, i) => (
        <Fragment key={date}>
          {i > 0 && ', '}
          <time dateTime={date}>{formatDate(date)}</time>
        </Fragment>
      ))}
      )
    </>
  );
}

/** "A", "A and B", "A, B and C", each piece keyed by its place. */
function andList(pieces: ComponentChildren[]) {
  return pieces.map((piece, i) => (
    <Fragment key={i}>
      {i > 0 && (i === pieces.length - 1 ? ' and ' : ', ')}
      {piece}
    </Fragment>
  ));
}
