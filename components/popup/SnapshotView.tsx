/** The local snapshot: where it comes from, how old and how large it is, and a Refresh button with progress (and Cancel while it runs). */
import { formatDate, holdingsLine, plural } from '@/lib/format';
import type { SnapshotInfo } from '@/lib/store/read';
import { isBundledIndexUrl } from '@/lib/store/source';
import type { RefreshControl } from '@/lib/popup/use-refresh';
import { RefreshStatus } from './RefreshStatus';
import { RouteLink } from './RouteLink';
import { RefreshButton } from './RefreshButton';
import { CancelRefreshButton } from './CancelRefreshButton';
import { useDocumentTitle } from '@/lib/popup/use-document-title';

export interface SnapshotViewProps {
  info: SnapshotInfo;
  refresh: Pick<RefreshControl, 'progress' | 'running' | 'requestError' | 'start'> &
    Partial<Pick<RefreshControl, 'cancellable' | 'cancel' | 'cancelling' | 'cancelled' | 'cancelError'>>;
  onOpenOptions?: () => void;
}

export function SnapshotView({ info, refresh, onOpenOptions }: SnapshotViewProps) {
  useDocumentTitle('Snapshot');
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        Snapshot
      </h1>
      {/* Said once, for the reader who meets the word here first. */}
      <p class="section-lead">
        Method Lens’s copy of the knowledge base (KB), a living systematic review of ML methods: what it marks and shows comes
        from here.
      </p>
      <dl class="facts facts-wide">
        <div class="fact">
          <dt>Source</dt>
          <dd class="source-url">{describeSource(info.source)}</dd>
        </div>
        <div class="fact">
          <dt>Published</dt>
          <dd>{info.generatedAt ? formatDate(info.generatedAt) : 'unknown'}</dd>
        </div>
        <div class="fact">
          <dt>Holds</dt>
          <dd>
            {/* What this snapshot stores; the Topic view shows the KB's own, larger counts. */}
            {holdingsLine(info.totals)}
          </dd>
        </div>
      </dl>
      {info.topics.length > 0 && (
        <ul class="topic-list" aria-label="Topics in the snapshot">
          {info.topics.map((topic) => (
            <li key={topic.name} class="topic-list-row">
              <RouteLink to={{ view: 'topic', name: topic.name }}>{topic.name}</RouteLink>
              <span class="topic-list-facts">
                {plural(topic.methods, 'method', 'methods')}
                {topic.updated ? ` · updated ${formatDate(topic.updated)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <RefreshStatus
        info={{ state: 'ready', value: info }}
        progress={refresh.progress}
        requestError={refresh.requestError}
        cancelled={refresh.cancelled}
        cancelError={refresh.cancelError}
      />
      <div class="actions">
        <RefreshButton refresh={refresh} primary />
        {refresh.cancellable && refresh.cancel && <CancelRefreshButton refresh={{ cancel: refresh.cancel, cancelling: refresh.cancelling ?? false }} />}
        {onOpenOptions && (
          <button type="button" class="button" onClick={onOpenOptions}>
            Change source…
          </button>
        )}
      </div>
    </section>
  );
}

/** Where the snapshot came from, in words. */
function describeSource(source: string | null): string {
  if (source === null) return 'none yet';
  return isBundledIndexUrl(source) ? 'bundled with the extension' : source;
}
