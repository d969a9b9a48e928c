/**
 * The local snapshot: where it comes from, how old and how large it is, and a Refresh button with progress
 * (and Cancel while it runs); with the bundled snapshot chosen, setting a snapshot URL comes first.
 */
import { formatDate, holdingsLine, plural } from '@/lib/format';
import type { SnapshotInfo } from '@/lib/store/read';
import { isBundledIndexUrl, isLoadedFrom, type SnapshotSource } from '@/lib/store/source';
import type { RefreshControl } from '@/lib/popup/use-refresh';
import { RefreshStatus } from './RefreshStatus';
import { RouteLink } from './RouteLink';
import { RefreshButton } from './RefreshButton';
import { CancelRefreshButton } from './CancelRefreshButton';
import { ShowMore, useShownPage } from './ShowMore';
import { useDocumentTitle } from '@/lib/popup/use-document-title';

/** Topics listed at a time: the view is about the snapshot's source and its refresh, listed below them. */
const TOPICS_PAGE = 50;

export interface SnapshotViewProps {
  info: SnapshotInfo;
  refresh: Pick<RefreshControl, 'progress' | 'running' | 'requestError' | 'start'> &
    Partial<Pick<RefreshControl, 'cancellable' | 'cancel' | 'cancelling' | 'cancelled' | 'cancelError'>>;
  onOpenOptions?: () => void;
  /** The source chosen; with the bundled one, a refresh can only find it up to date. */
  chosen?: SnapshotSource;
}

export function SnapshotView({ info, refresh, onOpenOptions, chosen }: SnapshotViewProps) {
  // The bundled snapshot, chosen and in use, changes only with the extension: what brings a newer one is a
  // source to set. Not in use yet, or failed, a refresh is what helps.
  const bundled = chosen?.kind === 'bundled' && isLoadedFrom(chosen, info.source) && !info.lastError && onOpenOptions !== undefined;
  const optionsButton = onOpenOptions && (
    <button type="button" class={bundled ? 'button button-primary' : 'button'} onClick={onOpenOptions}>
      {bundled ? 'Set a snapshot URL…' : 'Change source…'}
    </button>
  );
  useDocumentTitle('Snapshot');
  const topicsPage = useShownPage<HTMLUListElement>(info.topics.length, TOPICS_PAGE);
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
        {/* A source chosen is not the one in use until a snapshot from it is in the store (as the options page says). */}
        {chosen && !isLoadedFrom(chosen, info.source) && (
          <div class="fact">
            <dt>Chosen</dt>
            <dd>
              {chosen.kind === 'bundled' ? (
                'bundled with the extension, not loaded yet'
              ) : (
                <>
                  <span class="source-url">{chosen.url}</span>, no snapshot loaded from it yet
                </>
              )}
            </dd>
          </div>
        )}
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
        <ul class="topic-list" aria-label="Topics in the snapshot" ref={topicsPage.listRef}>
          {info.topics.slice(0, topicsPage.shown).map((topic) => (
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
      <ShowMore page={topicsPage} total={info.topics.length} pageSize={TOPICS_PAGE} many="topics" />
      <RefreshStatus
        info={{ state: 'ready', value: info }}
        progress={refresh.progress}
        requestError={refresh.requestError}
        cancelled={refresh.cancelled}
        cancelError={refresh.cancelError}
      />
      {bundled && (
        <p class="hint snapshot-source-note">
          The bundled snapshot only changes when the extension is updated. A newer one comes from a published snapshot’s address, set in the
          options.
        </p>
      )}
      <div class="actions">
        {bundled && optionsButton}
        <RefreshButton refresh={refresh} primary={!bundled} />
        {refresh.cancellable && refresh.cancel && <CancelRefreshButton refresh={{ cancel: refresh.cancel, cancelling: refresh.cancelling ?? false }} />}
        {!bundled && optionsButton}
      </div>
    </section>
  );
}

/** Where the snapshot came from, in words. */
function describeSource(source: string | null): string {
  if (source === null) return 'none yet';
  return isBundledIndexUrl(source) ? 'bundled with the extension' : source;
}
