/**
 * The options page: wires each section to its storage item, and the store for the snapshot source (saved
 * by the background), names and refresh state.
 */
import { useRef, useState } from 'preact/hooks';
import { marksEnabled, mutedMethods, refreshIntervalHours, siteSwitches, type SiteSwitches } from '@/lib/settings/items';
import { sendFromPage } from '@/lib/messaging/client';
import type { SnapshotSource } from '@/lib/store/source';
import { useStoreRead } from '@/lib/popup/use-store-read';
import { readStore } from '@/lib/popup/store-reads';
import { useMethodSearch } from '@/lib/popup/use-method-search';
import { useRefresh } from '@/lib/popup/use-refresh';
import { useFocusAfterReadAgain } from '@/lib/popup/use-focus-after-read-again';
import { useStorageItem } from '@/lib/popup/use-storage-item';
import { SourceSection } from './SourceSection';
import { errorText } from '@/lib/store/storage-error';
import { useHasSnapshot } from '@/lib/popup/use-has-snapshot';
import { useFillWhenEmpty } from '@/lib/popup/use-fill-when-empty';
import { RefreshIntervalSection } from './RefreshIntervalSection';
import { MarksSection } from './MarksSection';
import { MutedSection, type MutedMethod } from './MutedSection';
import { StatusColors } from './StatusColors';
import { SourceReadFailure } from './SourceReadFailure';

export function OptionsApp() {
  // Each Try again after a failed read is a new query: a live query ends with its error.
  const [sourceReads, setSourceReads] = useState(0);
  const source = useStoreRead('snapshotSource', [], [sourceReads]);
  const tryAgain = useRef<HTMLButtonElement>(null);
  // After Try again: the failure's new button, or the field once the source is read.
  const focusAfterReadAgain = useFocusAfterReadAgain(
    source.state,
    () => (source.state === 'error' ? tryAgain.current : document.getElementById('source-url')),
    sourceReads,
  );
  // The source last read: a read that fails, under its alert, keeps the section on screen, and with it
  // a Snapshot URL being typed, until a read succeeds again.
  const lastSource = useRef<SnapshotSource | null>(null);
  if (source.state === 'ready') lastSource.current = source.value;
  const [hours, setHours] = useStorageItem(refreshIntervalHours);
  const [marks, setMarks] = useStorageItem(marksEnabled);
  const [sites] = useStorageItem(siteSwitches);
  const [muted] = useStorageItem(mutedMethods);
  const refresh = useRefresh();
  const hasSnapshot = useHasSnapshot();
  useFillWhenEmpty(hasSnapshot);
  // A new object at each refusal: the page renders again even when the words are the same, which puts
  // back the stored value in a switch or a drop-down that shows the change refused.
  const [saveError, setSaveError] = useState<{ text: string } | null>(null);
  /**
   * Saves a change; one the browser refuses (storage full, a value out of bounds) is said, not lost in
   * the console. Resolves to whether it was stored.
   */
  const save = <T,>(set: (value: T) => Promise<void>) => (value: T) =>
    set(value).then(
      () => {
        setSaveError(null);
        return true;
      },
      (error: unknown) => {
        setSaveError({ text: `Your change could not be saved: ${errorText(error)}` });
        return false;
      },
    );
  /**
   * Has the background save the source and refresh from it. An answer lost (the worker stopped once it
   * had saved it) is no refusal when the source stored is the one chosen: the page shows it so. Once
   * saved, the source is read again: the store's notice of a change made in another context (Dexie's
   * BroadcastChannel) is all the live query hears, and a page opening as a source was chosen elsewhere
   * was seen to miss one, keeping the source it first read.
   */
  const readSourceAgain = () => setSourceReads((count) => count + 1);
  const saveSource = (chosen: SnapshotSource) =>
    sendFromPage('setSnapshotSource', { source: chosen }).then(readSourceAgain, async (error: unknown) => {
      const stored = await readStore('snapshotSource', []).catch(() => null);
      if (JSON.stringify(stored) !== JSON.stringify(chosen)) throw error;
      readSourceAgain();
    });
  const [query, setQuery] = useState('');
  const search = useMethodSearch(query);
  const mutedIds = muted ?? [];
  const mutedNames = useStoreRead('methodsByIds', [mutedIds], [mutedIds.join('\n')]);
  // Names seen so far (chosen in the search, or read from the store) keep a just-muted method named
  // while the store lookup for the new list is still running.
  const knownNames = useRef(new Map<string, string>()).current;
  if (mutedNames.state === 'ready') for (const method of mutedNames.value) knownNames.set(method.id, method.name);
  const lookedUp = mutedNames.state === 'ready' ? new Set(mutedNames.value.map((method) => method.id)) : null;
  // Each id once: a list edited by hand may name one twice, which drew two rows (and two Unmute buttons,
  // one key) for one method. What is stored is left as it is; an unmute takes every copy out.
  const mutedList: MutedMethod[] = [...new Set(mutedIds)].map((id) => ({
    id,
    name: lookedUp && !lookedUp.has(id) ? null : (knownNames.get(id) ?? id),
  }));

  // Changes to the lists apply to what is stored when they are made, not to what this page last rendered.
  const updateMuted = save((change: (ids: string[]) => string[]) => mutedMethods.update(change));
  const updateSites = save((change: (switches: SiteSwitches) => SiteSwitches) => siteSwitches.update(change));

  return (
    <main class="options">
      <h1>Method Lens options</h1>
      {saveError && (
        <p class="save-error" role="alert">
          {saveError.text}
        </p>
      )}
      {source.state === 'error' && (
        <SourceReadFailure
          error={source.error}
          tryAgainRef={tryAgain}
          onTryAgain={() => {
            focusAfterReadAgain();
            setSourceReads((count) => count + 1);
          }}
        />
      )}
      {lastSource.current && (
        <SourceSection
          source={lastSource.current}
          info={refresh.info}
          refresh={refresh}
          onSave={save(saveSource)}
        />
      )}
      {hours !== null && <RefreshIntervalSection hours={hours} onChange={save(setHours)} />}
      {marks !== null && sites !== null && (
        <MarksSection
          marksEnabled={marks}
          sites={sites}
          onMarksEnabled={save(setMarks)}
          onSite={(site, enabled) => updateSites((switches) => ({ ...switches, [site]: enabled }))}
        />
      )}
      {muted !== null && (
        <MutedSection
          muted={mutedList}
          query={query}
          matches={search.matches}
          pending={search.pending}
          answeredQuery={search.answeredQuery}
          searchError={search.error}
          noSnapshot={hasSnapshot === false}
          onQuery={setQuery}
          onMute={(match) => {
            knownNames.set(match.id, match.name);
            return updateMuted((ids) => [...ids.filter((other) => other !== match.id), match.id]);
          }}
          onUnmute={(id) => updateMuted((ids) => ids.filter((other) => other !== id))}
        />
      )}
      <StatusColors />
    </main>
  );
}
