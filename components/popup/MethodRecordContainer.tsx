/** Reads a method's record from the store as a live query: a finished refresh shows without reopening. */
import { useLayoutEffect } from 'preact/hooks';
import { useStoreRead } from '@/lib/popup/use-store-read';
import { markViewReady } from '@/lib/popup/view-ready';
import { useStorageItem } from '@/lib/popup/use-storage-item';
import { useDocumentTitle } from '@/lib/popup/use-document-title';
import { mutedMethods } from '@/lib/settings/items';
import { usePageMention } from '@/lib/popup/use-page-mention';
import { showMentionOn } from '@/lib/popup/show-mention-on';
import { MethodRecord } from './MethodRecord';
import { ViewReadFailure } from './ViewReadFailure';
import { Loading } from './Loading';
import { MethodNotFound } from './MethodNotFound';

/** `tabId`: the tab "This page" means (null: the active tab), whose mentions of the method the record shows (`usePageMention`). */
export function MethodRecordContainer({ idOrName, tabId = null }: { idOrName: string; tabId?: number | null }) {
  const record = useStoreRead('methodRecord', [idOrName], [idOrName]);
  const [muted] = useStorageItem(mutedMethods);
  const onPage = usePageMention(tabId, record.state === 'ready' ? (record.value?.method.id ?? null) : null);
  // Named as asked for while the record is read, or when there is none; the record names it as the KB does.
  useDocumentTitle(idOrName);
  useLayoutEffect(() => {
    if (record.state !== 'loading') markViewReady('method');
  }, [record.state]);
  if (record.state === 'loading') return <Loading what="the record" />;
  if (record.state === 'error') return <ViewReadFailure viewTitle={idOrName} title="The record could not be read." detail={record.error} />;
  if (!record.value) return <MethodNotFound idOrName={idOrName} />;
  const { id } = record.value.method;
  const isMuted = muted?.includes(id) ?? false;
  return (
    <MethodRecord
      record={record.value}
      muted={isMuted ? { unmute: () => mutedMethods.update((ids) => ids.filter((other) => other !== id)) } : null}
      onPage={onPage && (onPage.where === 'page' ? { where: 'page', mention: onPage.mention, show: showMentionOn(onPage.tabId) } : onPage)}
    />
  );
}
