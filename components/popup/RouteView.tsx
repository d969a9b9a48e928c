/** The view a route names, each loading its own data, and reading it again when asked after a failure. */
import type { Route } from '@/lib/popup/route';
import { PageContainer } from './PageContainer';
import { SearchContainer } from './SearchContainer';
import { MethodRecordContainer } from './MethodRecordContainer';
import { TopicContainer } from './TopicContainer';
import { SnapshotContainer } from './SnapshotContainer';
import { SelectionContainer } from './SelectionContainer';
import { ReadAgainScope } from './ReadAgain';

/** `pageTabId`: the tab "This page" means (null: the active tab), whose mentions a record shows. */
export function RouteView({ route, pageTabId = null }: { route: Route; pageTabId?: number | null }) {
  return <ReadAgainScope>{viewOf(route, pageTabId)}</ReadAgainScope>;
}

function viewOf(route: Route, pageTabId: number | null) {
  switch (route.view) {
    case 'page':
      return <PageContainer tabId={route.tabId} />;
    case 'search':
      return <SearchContainer initialQuery={route.query} />;
    case 'method':
      return <MethodRecordContainer idOrName={route.idOrName} tabId={pageTabId} />;
    case 'topic':
      return <TopicContainer name={route.name} />;
    case 'snapshot':
      return <SnapshotContainer />;
    case 'selection':
      return <SelectionContainer mentions={route.mentions} />;
  }
}
