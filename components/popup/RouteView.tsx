/** The view a route names, each loading its own data, and reading it again when asked after a failure. */
import type { Route } from '@/lib/popup/route';
import { PageContainer } from './PageContainer';
import { SearchContainer } from './SearchContainer';
import { MethodRecordContainer } from './MethodRecordContainer';
import { TopicContainer } from './TopicContainer';
import { SnapshotContainer } from './SnapshotContainer';
import { ReadAgainScope } from './ReadAgain';

export function RouteView({ route }: { route: Route }) {
  return <ReadAgainScope>{viewOf(route)}</ReadAgainScope>;
}

function viewOf(route: Route) {
  switch (route.view) {
    case 'page':
      return <PageContainer tabId={route.tabId} />;
    case 'search':
      return <SearchContainer initialQuery={route.query} />;
    case 'method':
      return <MethodRecordContainer idOrName={route.idOrName} />;
    case 'topic':
      return <TopicContainer name={route.name} />;
    case 'snapshot':
      return <SnapshotContainer />;
  }
}
