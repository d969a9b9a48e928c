/** Methods found on a page (or in a paper's HTML version), most superseded first, with what the KB counts. */
import type { PageSummaryMethod } from '@/lib/page-summary';
import { countsLine, plural } from '@/lib/format';
import { StatusBadge } from '@/components/StatusBadge';
import { statusStyle } from '@/lib/popup/status-style';
import { MethodLink } from './MethodLink';

export function MethodList({ methods, label }: { methods: readonly PageSummaryMethod[]; label: string }) {
  return (
    <ul class="method-list" aria-label={label}>
      {methods.map((method) => {
        const counts = countsLine(method.critiquedBy, method.beatenBy);
        return (
          <li key={method.methodId} class="method-row" style={statusStyle(method.status)}>
            <div class="method-row-head">
              <MethodLink id={method.methodId} name={method.name} />
              <StatusBadge status={method.status} />
            </div>
            <p class="method-row-facts">
              <span>{plural(method.count, 'mention', 'mentions')} here</span>
              {method.rank !== null && <span>#{method.rank} most superseded</span>}
              {counts && <span>{counts}</span>}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
