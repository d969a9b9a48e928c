/** A topic: headline counts, the most-superseded ranking, its sub-problems with their methods, and the frontier. */
import { countsLine, formatCount, formatDate, holdingsLine, plural } from '@/lib/format';
import type { TopicView as TopicData } from '@/lib/store/read';
import { StatusBadge } from '@/components/StatusBadge';
import { DatedEntryList } from './DatedEntryList';
import { HeadlineCount } from './HeadlineCount';
import { MethodLink } from './MethodLink';
import { ShowMore, useShownPage } from './ShowMore';
import { StatusKey } from './StatusKey';
import { missingRanksNote } from '@/lib/popup/rank-gaps';
import { useDocumentTitle } from '@/lib/popup/use-document-title';

/** Sub-problems listed at a time: each lists its methods, and the frontier comes after them. */
const SUB_PROBLEMS_PAGE = 20;

export function TopicView({ topic: data }: { topic: TopicData }) {
  const { topic, counts, ranking, subProblems, frontier } = data;
  useDocumentTitle(topic.name);
  const subProblemsPage = useShownPage<HTMLUListElement>(subProblems.length, SUB_PROBLEMS_PAGE);
  const kbCounts = topic.papers !== null || topic.critiqueReceipts !== null || topic.benchmarkResults !== null;
  const missingRanks = missingRanksNote(ranking.map((method) => method.rank).filter((rank): rank is number => rank !== null));
  return (
    <article class="view topic" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        {topic.name}
      </h1>
      {topic.description && <p class="topic-description">{topic.description}</p>}
      {/* The KB's own counts in its own words, told apart from what this snapshot holds: the KB counts
          every paper, critique and result it has, the snapshot quotes a dozen of each. */}
      {kbCounts ? (
        <>
          <ul class="headline" aria-label="In the knowledge base">
            {topic.papers !== null && <HeadlineCount value={topic.papers} one="paper" many="papers" />}
            {topic.critiqueReceipts !== null && <HeadlineCount value={topic.critiqueReceipts} one="critique receipt" many="critique receipts" />}
            {topic.benchmarkResults !== null && <HeadlineCount value={topic.benchmarkResults} one="benchmark result" many="benchmark results" />}
          </ul>
          <p class="headline-note">Counted by the KB. This snapshot holds {holdingsLine(counts)}.</p>
        </>
      ) : (
        <ul class="headline" aria-label="In this snapshot">
          <HeadlineCount value={counts.methods} one="method" many="methods" />
          <HeadlineCount value={counts.critiques} one="critique quoted" many="critiques quoted" />
          <HeadlineCount value={counts.results} one="result listed" many="results listed" />
        </ul>
      )}
      {topic.updated && (
        <p class="as-of">
          Updated <time dateTime={topic.updated}>{formatDate(topic.updated)}</time>
        </p>
      )}

      <section class="record-section" aria-labelledby="ranking-title">
        <h2 id="ranking-title" class="section-title">
          Most superseded
        </h2>
        {ranking.length === 0 ? (
          <p class="none">The KB ranks no baselines in this topic.</p>
        ) : (
          <>
            <p class="section-lead">
              Ranked by how many distinct papers critique or beat each method. These are the standard baselines newer work routinely measures
              against.
            </p>
            <StatusKey statuses={ranking.map((method) => method.status)} />
            <ol class="ranking">
              {ranking.map((method) => {
                const line = countsLine(method.critiquedBy, method.beatenBy);
                return (
                  <li key={method.id} class="ranking-row">
                    {/* The KB's rank, said in words: it skips ranks, so the list's positions are not ranks. */}
                    <span class="ranking-rank">
                      <span class="visually-hidden">Rank </span>
                      {method.rank}
                    </span>
                    <div class="ranking-body">
                      <div class="method-row-head">
                        <MethodLink id={method.id} name={method.name} />
                        <StatusBadge status={method.status} />
                      </div>
                      {/* As the KB's ranking prints it: the family and the method's paper, each isolated (<bdi>):
                          a right-to-left override left open in the family drew " · " and the title backwards. */}
                      {(method.family || method.paperTitle) && (
                        <p class="method-row-facts ranking-origin">
                          {method.family && (
                            <span>
                              Family: <bdi>{method.family}</bdi>
                            </span>
                          )}
                          {method.family && method.paperTitle && ' · '}
                          {method.paperTitle && (
                            <cite>
                              <bdi>{method.paperTitle}</bdi>
                            </cite>
                          )}
                        </p>
                      )}
                      {line && <p class="method-row-facts">{line}</p>}
                    </div>
                  </li>
                );
              })}
            </ol>
          </>
        )}
        {missingRanks && <p class="note ranking-gaps">{missingRanks}</p>}
      </section>

      <section class="record-section" aria-labelledby="subproblems-title">
        <h2 id="subproblems-title" class="section-title">
          Sub-problems
        </h2>
        {subProblems.length === 0 ? (
          <p class="none">The KB names no sub-problems in this topic.</p>
        ) : (
          <>
            <p class="section-lead">Methods that compete on the same benchmarks cluster into distinct sub-problems.</p>
            <ul class="subproblems" ref={subProblemsPage.listRef}>
              {subProblems.slice(0, subProblemsPage.shown).map((subProblem) => (
                <li key={subProblem.name} class="subproblem">
                  <h3 class="subproblem-title">{subProblem.name}</h3>
                  <p class="subproblem-count">{subProblemCount(subProblem.methods.length, subProblem.methodCount)}</p>
                  <ul class="inline-list">
                    {subProblem.methods.map((method) => (
                      <li key={method.id}>
                        <MethodLink id={method.id} name={method.name} />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
            <ShowMore page={subProblemsPage} total={subProblems.length} pageSize={SUB_PROBLEMS_PAGE} many="sub-problems" />
          </>
        )}
      </section>

      <section class="record-section" aria-labelledby="frontier-title">
        <h2 id="frontier-title" class="section-title">
          Frontier
        </h2>
        {frontier.length === 0 ? (
          <p class="none">The KB lists no frontier methods in this topic.</p>
        ) : (
          <>
            <p class="section-lead">Recent methods not yet superseded in the knowledge base.</p>
            <DatedEntryList entries={frontier} label={`Frontier of ${topic.name}`} />
          </>
        )}
      </section>
    </article>
  );
}

/**
 * "6 of its 33 methods listed", "3 methods" as the KB counts them, never the number listed in place of
 * the KB's count: "3 methods listed" where it gives none, and its own count beside ours where it counts fewer.
 */
function subProblemCount(listed: number, counted: number | null): string {
  if (counted === listed) return plural(listed, 'method', 'methods');
  if (counted !== null && counted > listed) return `${formatCount(listed)} of its ${plural(counted, 'method', 'methods')} listed`;
  const listedWords = `${plural(listed, 'method', 'methods')} listed`;
  return counted === null ? listedWords : `${listedWords}; the KB counts ${formatCount(counted)}`;
}
