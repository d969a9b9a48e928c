/** The KB's meaning of a method's status; without a status, the counts, rank and sub-problem it does give. */
import { Fragment } from 'preact';
import { STATUS_MEANINGS } from '@/lib/snapshot/status';
import type { Method } from '@/lib/snapshot/schema';
import { countsLine } from '@/lib/format';
import { statusStyle } from '@/lib/popup/status-style';
import { OtherMethod } from './OtherMethod';

export function StatusSection({ method, subProblemId }: { method: Method; subProblemId: string | null }) {
  const counts = countsLine(method.critiquedBy, method.beatenBy);
  const rank = method.rank !== null ? `#${method.rank} among the topic’s most-superseded baselines` : null;
  if (method.status) {
    return (
      <div class="status-box" style={statusStyle(method.status)}>
        <p>
          <strong>{method.status}</strong>: {STATUS_MEANINGS[method.status]}.
        </p>
        {(counts || rank) && <p class="status-facts">{[counts, rank].filter(Boolean).join(' · ')}</p>}
      </div>
    );
  }
  const subProblem = method.subProblem && (
    <>
      sub-problem: <OtherMethod label={method.subProblem} id={subProblemId} self={method.id} />
    </>
  );
  const known = [counts, rank, subProblem].filter(Boolean);
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
    </div>
  );
}
