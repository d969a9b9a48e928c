/**
 * The KB's meaning of a method's status, and where its frontier lists it; without a status, what the KB
 * does give: counts, rank, sub-problem, and the methods it lists this one as a newer alternative of.
 */
import { Fragment } from 'preact';
import { STATUS_MEANINGS } from '@/lib/snapshot/status';
import type { Method } from '@/lib/snapshot/schema';
import type { MethodRecordView } from '@/lib/store/read';
import { countsLine, formatDate } from '@/lib/format';
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
  const rank = method.rank !== null ? `#${method.rank} among the topic’s most-superseded baselines` : null;
  // The same listing twice (the KB repeating an entry) is said once.
  const listings = frontier.filter((listing, i) => frontier.findIndex((other) => other.topic === listing.topic && other.date === listing.date) === i);
  const frontierLines = listings.map((listing, i) => (
    <p key={i} class="status-facts frontier-listing">
      In the frontier of <bdi>{listing.topic}</bdi>
      {listing.date && (
        <>
          , dated <time dateTime={listing.date}>{formatDate(listing.date)}</time>
        </>
      )}
      .
    </p>
  ));
  if (method.status) {
    return (
      <div class="status-box" style={statusStyle(method.status)}>
        <p>
          <strong>{method.status}</strong>: {STATUS_MEANINGS[method.status]}.
        </p>
        {(counts || rank) && <p class="status-facts">{[counts, rank].filter(Boolean).join(' · ')}</p>}
        {frontierLines}
      </div>
    );
  }
  const named = distinctOtherMethods(alternativeTo, method.id);
  const newerThan = named.length > 0 && (
    <>
      newer alternative to{' '}
      {named.map((entry, i) => (
        <Fragment key={i}>
          {i > 0 && ', '}
          <MethodLink id={entry.methodId} name={entry.name} />
        </Fragment>
      ))}
    </>
  );
  const subProblem = method.subProblem && (
    <>
      sub-problem: <OtherMethod label={method.subProblem} id={subProblemId} self={method.id} />
    </>
  );
  const known = [counts, rank, subProblem, newerThan].filter(Boolean);
  return (
    <div class="status-box" style={statusStyle(null)}>
      <p>
        <strong>No status in the KB.</strong>{' '}
        {known.length ? 'What it does record:' : 'It records no counts, rank or sub-problem for this method either.'}
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
      {frontierLines}
    </div>
  );
}
