/**
 * The methods the reader muted, named where a list of found methods leaves them out whether or not
 * the page names them: so that the list is not read as the whole page.
 */
import { Fragment } from 'preact';
import { MethodLink } from './MethodLink';
import type { MutedMethod } from './PageView';

export function MutedNotLookedFor({ muted }: { muted: readonly MutedMethod[] }) {
  if (muted.length === 0) return null;
  return (
    <p class="note muted-summary">
      Not looked for, as you muted {muted.length === 1 ? 'it' : 'them'}:{' '}
      {muted.map((method, i) => (
        <Fragment key={method.id}>
          {i > 0 && ', '}
          <MethodLink id={method.id} name={method.name} />
        </Fragment>
      ))}
      .
    </p>
  );
}
