/**
 * A method's short facts under its title: topic (a link to it), first seen, family, sub-problem. A
 * family or sub-problem that names another method links to its record.
 */
import type { ComponentChildren } from 'preact';
import { formatDate } from '@/lib/format';
import type { Method } from '@/lib/snapshot/schema';
import { OtherMethod } from './OtherMethod';
import { RouteLink } from './RouteLink';

export function RecordFacts({ method, familyId, subProblemId }: { method: Method; familyId: string | null; subProblemId: string | null }) {
  const facts: [string, ComponentChildren][] = [
    ['Topic', <RouteLink to={{ view: 'topic', name: method.topic }}>{method.topic}</RouteLink>],
  ];
  if (method.firstSeen) facts.push(['First seen', <time dateTime={method.firstSeen}>{formatDate(method.firstSeen)}</time>]);
  if (method.family) facts.push(['Family', <OtherMethod label={method.family} id={familyId} self={method.id} />]);
  if (method.subProblem) facts.push(['Sub-problem', <OtherMethod label={method.subProblem} id={subProblemId} self={method.id} />]);
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
