/**
 * A method's full record: what it is, its status (or what is known without one), every critique,
 * every head-to-head loss, newer alternatives, and what it beats and critiques itself. Every other
 * method named is a link to its own record.
 */
import type { ComponentChildren } from 'preact';
import { STATUS_MEANINGS } from '@/lib/snapshot/status';
import { countsLine, formatDate } from '@/lib/format';
import type { MethodRecordView } from '@/lib/store/read';
import { critiqueCoverage, distinctSources, lossCoverage } from '@/lib/popup/record-coverage';
import { statusStyle } from '@/lib/popup/status-style';
import { StatusBadge } from '@/components/StatusBadge';
import { LossRow } from '@/components/LossRow';
import { CritiqueList } from './CritiqueList';
import { DatedEntryList } from './DatedEntryList';
import { LossTable } from './LossTable';
import { MethodLink, RouteLink } from './navigation';
import { PaperLinks, SourcePaper } from './PaperLinks';

export function MethodRecord({ record }: { record: MethodRecordView }) {
  const { method, critiques, losses, wins, newerAlternatives, critiquesMade } = record;
  return (
    <article class="view record" aria-labelledby="view-title">
      <header class="record-head">
        <div class="record-title-row">
          <h1 id="view-title" class="view-title" tabIndex={-1}>
            {method.name}
          </h1>
          <StatusBadge status={method.status} />
        </div>
        {method.aliases.length > 0 && <p class="record-aliases">also written {method.aliases.join(', ')}</p>}
        {method.paperTitle && (
          <p class="record-paper">
            <cite>{method.paperTitle}</cite> <PaperLinks title={method.paperTitle} />
          </p>
        )}
        <Facts record={record} />
      </header>

      <StatusSection record={record} />

      <Section title="What papers say" count={critiques.length}>
        <Coverage
          text={critiqueCoverage(critiques.length, distinctSources(critiques), method.critiquedBy)}
          otherwise={`The KB quotes no critique of ${method.name}.`}
        />
        {critiques.length > 0 && <CritiqueList critiques={critiques} />}
      </Section>

      <Section title="Beaten on benchmarks" count={losses.length}>
        <Coverage
          text={lossCoverage(losses.length, distinctSources(losses), method.beatenBy)}
          otherwise={`The KB lists no head-to-head result ${method.name} lost.`}
        />
        {losses.length > 0 && <LossTable methodName={method.name} losses={losses} />}
      </Section>

      <Section title="Newer alternatives" count={newerAlternatives.length}>
        {newerAlternatives.length === 0 ? (
          <p class="none">The KB lists no newer alternative.</p>
        ) : (
          <DatedEntryList entries={newerAlternatives} label={`Newer alternatives to ${method.name}`} />
        )}
      </Section>

      {wins.length > 0 && (
        <Section title={`${method.name} beats`} count={wins.length}>
          <ul class="win-list">
            {wins.map((win, index) => (
              <li key={index}>
                <LossRow
                  loss={{ ...win, winnerName: method.name }}
                  lead={
                    <>
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
        </Section>
      )}

      {critiquesMade.length > 0 && (
        <Section title={`What ${method.name}’s paper says of others`} count={critiquesMade.length}>
          <ul class="critiques-made">
            {critiquesMade.map((critique, index) => (
              <li key={index}>
                <p class="critiques-made-target">
                  On <MethodLink id={critique.methodId} name={critique.methodName} />:
                </p>
                <blockquote class="quote">
                  <p>“{critique.quote}”</p>
                </blockquote>
              </li>
            ))}
          </ul>
        </Section>
      )}

      <p class="as-of">Snapshot as of {formatDate(record.topicUpdated ?? record.snapshotDate)}</p>
    </article>
  );
}

function Facts({ record }: { record: MethodRecordView }) {
  const { method } = record;
  const facts: [string, ComponentChildren][] = [
    ['Topic', <RouteLink to={{ view: 'topic', name: method.topic }}>{method.topic}</RouteLink>],
  ];
  if (method.firstSeen) facts.push(['First seen', <time dateTime={method.firstSeen}>{formatDate(method.firstSeen)}</time>]);
  if (method.family) facts.push(['Family', method.family]);
  if (method.subProblem) facts.push(['Sub-problem', method.subProblem]);
  return (
    <dl class="facts">
      {facts.map(([term, value]) => (
        <div class="fact" key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The KB's meaning of the status; without a status, the counts, rank and sub-problem it does give. */
function StatusSection({ record }: { record: MethodRecordView }) {
  const { method } = record;
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
  const known = [counts, rank, method.subProblem ? `sub-problem: ${method.subProblem}` : null].filter(Boolean);
  return (
    <div class="status-box" style={statusStyle(null)}>
      <p>
        <strong>No status in the KB.</strong>{' '}
        {known.length ? 'What it does record:' : 'It records no counts, rank or sub-problem for this method either.'}
      </p>
      {known.length > 0 && <p class="status-facts">{known.join(' · ')}</p>}
    </div>
  );
}

function Section({ title, count, children }: { title: string; count: number; children: ComponentChildren }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section class="record-section" aria-labelledby={id}>
      <h2 id={id} class="section-title">
        {title} <span class="section-count">{count.toLocaleString('en-US')}</span>
      </h2>
      {children}
    </section>
  );
}

/** How much of what the KB counts is listed; `otherwise` when there is nothing to say about coverage. */
function Coverage({ text, otherwise }: { text: string; otherwise: string }) {
  return <p class="coverage">{text || otherwise}</p>;
}
