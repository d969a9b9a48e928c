/** A method's short facts under its title: topic (a link to it), first seen, family, sub-problem. */
import type { ComponentChildren } from 'preact';
import { formatDate } from '@/lib/format';
import type { Method } from '@/lib/snapshot/schema';
import { RouteLink } from './RouteLink';

export function RecordFacts({ method }: { method: Method }) {
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
