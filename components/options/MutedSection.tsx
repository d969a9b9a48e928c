/** Methods the reader never wants marked: found by searching, removed with a button. */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { MethodMatch } from '@/lib/store/read';
import { MethodCombobox } from '@/components/popup/MethodCombobox';
import { SEARCH_LIMIT } from '@/lib/popup/use-method-search';

export interface MutedMethod {
  id: string;
  /** Null when the current snapshot no longer has the method; the id while it is being looked up. */
  name: string | null;
}

export interface MutedSectionProps {
  muted: readonly MutedMethod[];
  query: string;
  matches: readonly MethodMatch[] | null;
  /** The matches answer an earlier query (see `MethodCombobox`). */
  pending?: boolean;
  /** The query the matches answer (see `MethodCombobox`). */
  answeredQuery?: string | null;
  /** Why the search failed, if it did. */
  searchError?: string | null;
  /** The store holds no snapshot yet: nothing can be found, whatever is typed. */
  noSnapshot?: boolean;
  onQuery: (query: string) => void;
  /** Resolves to whether the change was stored. */
  onMute: (match: MethodMatch) => Promise<boolean>;
  onUnmute: (id: string) => Promise<boolean>;
}

export function MutedSection({ muted, query, matches, pending = false, answeredQuery = null, searchError = null, noSnapshot = false, onQuery, onMute, onUnmute }: MutedSectionProps) {
  const mutedIds = new Set(muted.map((method) => method.id));
  const allMuted = matches && matches.length > 0 ? alreadyMuted(matches, answeredQuery ?? query) : undefined;
  /** What was said last, numbered: the same words said again are a new node of the live region (see below). */
  const [announcement, setAnnouncement] = useState<{ words: string; count: number } | null>(null);
  const announce = (words: string) => setAnnouncement((last) => ({ words, count: (last?.count ?? 0) + 1 }));
  const list = useRef<HTMLUListElement>(null);
  /**
   * Where keyboard focus goes once an unmuted row is gone with its focused button: the next row's
   * button, else the previous one's (`next`), else the search field (`next` empty). Only once the row is
   * gone: the page renders meanwhile (the refusal of the change said above it, before the refusal reaches
   * here), and focus moved then would leave the row the reader is on.
   */
  const focusAfterUnmute = useRef<{ unmuted: string; next: string } | null>(null);
  /** The query as typed now: a mute stored later clears only the query it was chosen from. */
  const latestQuery = useRef(query);
  latestQuery.current = query;
  useLayoutEffect(() => {
    const pending = focusAfterUnmute.current;
    if (pending === null || mutedIds.has(pending.unmuted)) return;
    focusAfterUnmute.current = null;
    const target = pending.next;
    const button = target ? list.current?.querySelector<HTMLButtonElement>(`button[data-method-id="${CSS.escape(target)}"]`) : null;
    (button ?? document.getElementById('mute-input'))?.focus();
  }, [muted]);
  return (
    <section class="options-section" aria-labelledby="muted-title">
      <h2 id="muted-title">Muted methods</h2>
      <p class="hint">A muted method is never marked on pages; its record stays one search away in the popup.</p>
      <MethodCombobox
        id="mute"
        label="Find a method to mute"
        placeholder="Name or alias"
        query={query}
        matches={matches && matches.filter((match) => !mutedIds.has(match.id))}
        pending={pending}
        answeredQuery={answeredQuery}
        error={searchError}
        emptyNote={noSnapshot ? NO_SNAPSHOT_NOTE : allMuted?.words}
        shownEmptyNote={noSnapshot ? undefined : allMuted?.shown}
        onQuery={onQuery}
        chooseVerb="Mute"
        onChoose={(match) => {
          // Cleared and said once stored: refused (the page says so above), the name typed stays for another
          // try; typed on meanwhile, the new text stays too.
          const typed = query;
          void onMute(match).then((stored) => {
            if (!stored) return;
            if (latestQuery.current === typed) onQuery('');
            announce(`${match.name} muted.`);
          });
        }}
      />
      <p class="visually-hidden" aria-live="polite">
        {/* Keyed by its count, each announcement replaces the last one's node: "AWQ muted." said again
            (AWQ unmuted meanwhile in the popup or another options tab) left the text as it was, and a
            screen reader said nothing. */}
        {announcement && <span key={announcement.count}>{announcement.words}</span>}
      </p>
      {muted.length === 0 ? (
        <p class="none">No method is muted.</p>
      ) : (
        <ul class="muted-list" aria-label="Muted methods" ref={list}>
          {muted.map((method, index) => (
            <li key={method.id} class="muted-row">
              <span>{method.name ?? `${method.id} (not in the current snapshot)`}</span>
              <button
                type="button"
                class="button button-small"
                data-method-id={method.id}
                aria-label={`Unmute ${method.name ?? method.id}`}
                onClick={(event) => {
                  if (event.currentTarget === document.activeElement) {
                    focusAfterUnmute.current = { unmuted: method.id, next: (muted[index + 1] ?? muted[index - 1])?.id ?? '' };
                  }
                  void onUnmute(method.id).then((stored) => {
                    if (stored) announce(`${method.name ?? method.id} unmuted.`);
                    // Refused, the row and its button stay: no later change of the list may move focus.
                    else focusAfterUnmute.current = null;
                  });
                }}
              >
                Unmute
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** An empty store finds no name, which says nothing about the name: the snapshot's state, above, says why. */
const NO_SNAPSHOT_NOTE = 'Nothing can be found until a snapshot is loaded: its state is shown above.';

/**
 * Why a query with matches offers none (the combobox says it only when none is left): every one is muted.
 * Its words, and as drawn: a method's name isolated (<bdi>), which a right-to-left override left open in
 * it drew "is already muted." backwards.
 */
function alreadyMuted(matches: readonly MethodMatch[], query: string): { words: string; shown?: ComponentChildren } {
  const typed = query.trim();
  if (matches.length === 1) {
    const { name } = matches[0]!;
    return {
      words: `${name} is already muted.`,
      shown: (
        <>
          <bdi>{name}</bdi> is already muted.
        </>
      ),
    };
  }
  // A full page of matches is not every method that starts so: more may follow, unmuted.
  if (matches.length >= SEARCH_LIMIT) return { words: `The first ${matches.length} methods starting with “${typed}” are all muted already: type more of the name.` };
  return { words: `Every method or alias starting with “${typed}” is already muted.` };
}
