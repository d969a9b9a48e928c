/**
 * ", as “GLVQ”" after a count of mentions: the names other than its own the page used, which the reader
 * finds there instead. Each is isolated (<bdi>): a right-to-left override left open in one drew the
 * closing quote backwards, and the names after it.
 */
import { Fragment } from 'preact';
import { otherNames, type PageSummaryMethod } from '@/lib/page-summary';

export function MentionedAs({ method }: { method: Pick<PageSummaryMethod, 'name' | 'names'> }) {
  const { others, ownToo } = otherNames(method);
  if (others.length === 0) return null;
  return (
    <>
      , {ownToo ? 'also as' : 'as'}{' '}
      {others.map((name, index) => (
        <Fragment key={index}>
          {index > 0 && ', '}“<bdi>{name}</bdi>”
        </Fragment>
      ))}
    </>
  );
}
