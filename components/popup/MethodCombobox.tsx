/**
 * Type-ahead over method names and aliases, in the ARIA combobox pattern: the input keeps focus,
 * ↑/↓ move through the options (announced through aria-activedescendant), Enter chooses, Escape
 * clears. Used by the popup's search and by the options page's muted-methods picker.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { MethodMatch } from '@/lib/store/read';
import { StatusBadge } from '@/components/StatusBadge';

export interface MethodComboboxProps {
  /** Distinguishes the ids of several comboboxes on one page. */
  id: string;
  label: string;
  query: string;
  /** Null while the query is empty. */
  matches: readonly MethodMatch[] | null;
  /**
   * The matches answer an earlier query (a shorter one, as the reader types on): Enter then waits for
   * those of the query typed and chooses the first of them, not an option that is about to go.
   */
  pending?: boolean;
  /** The query the matches answer, when it is not `query` (see `pending`): "nothing starts with …" names it. */
  answeredQuery?: string | null;
  /** Why the search failed (the store could not be read); shown instead of matches. */
  error?: string | null;
  onQuery: (query: string) => void;
  onChoose: (match: MethodMatch) => void;
  placeholder?: string;
  autoFocus?: boolean;
  /** What a chosen option does, for its accessible name ("Open", "Mute"). */
  chooseVerb?: string;
  /** Said instead of "No method or alias starts with …" when the caller left out every match there was. */
  emptyNote?: string;
  /** `emptyNote` as drawn, when a name from the snapshot in it is isolated ("<bdi>AWQ</bdi> is already muted."). */
  shownEmptyNote?: ComponentChildren;
  /** The id of the match chosen from this query before (the reader came Back to it): highlighted rather than the first, until the query is edited. */
  initialChoice?: string | null;
}

/** How long the note must stay the same before it is announced: longer than the pause between two keys. */
const ANNOUNCE_AFTER_MS = 1000;

export function MethodCombobox({ id, label, query, matches, pending = false, answeredQuery = null, error = null, onQuery, onChoose, placeholder, autoFocus, chooseVerb, emptyNote, shownEmptyNote, initialChoice = null }: MethodComboboxProps) {
  const listId = `${id}-list`;
  // An option's id names its method, not its place: when typing on puts another method first,
  // aria-activedescendant changes with it and a screen reader says so (an id by place, `search-option-0`,
  // stayed the same and the new first match went unannounced). Its details' ids put their kind before
  // the method, so that AWQ's topic (`search-topic-awq`) is never the option of a method `awq-topic`.
  const idOf = (kind: 'option' | 'alias' | 'topic' | 'status', match: MethodMatch) => `${id}-${kind}-${idPart(match.id)}`;
  /** An option named by its verb says only "Mute AWQ": the alias matched, the topic and the status it shows are its description. */
  const detailsOf = (match: MethodMatch) =>
    [match.matched !== match.name && idOf('alias', match), idOf('topic', match), idOf('status', match)].filter(Boolean).join(' ');
  const count = matches?.length ?? 0;
  const open = count > 0;
  // The highlight belongs to one list of matches, named by its ids: a parent re-rendering with an
  // equal list in a new array keeps it; a different list starts again at its first match (or at the one
  // chosen from it before, come Back to).
  const ids = matches ? matches.map((match) => match.id).join('\n') : null;
  const [highlight, setHighlight] = useState<{ ids: string | null; index: number }>({ ids: null, index: -1 });
  const [remembered, setRemembered] = useState(initialChoice);
  const rememberedIndex = remembered === null || !matches ? -1 : matches.findIndex((match) => match.id === remembered);
  const active = highlight.ids === ids ? highlight.index : open ? Math.max(rememberedIndex, 0) : -1;
  const activeMatch = matches?.[active];
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const movedByKey = useRef(false);
  const setActive = (index: number) => setHighlight({ ids, index });
  const moveByKey = (index: number) => {
    movedByKey.current = true;
    setActive(index);
  };
  useLayoutEffect(() => {
    // Only keyboard moves scroll: a pointer resting on a half-visible option must not pull the list.
    if (!movedByKey.current) return;
    movedByKey.current = false;
    list.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [highlight]);
  // "Nothing starts with …" names the query its answer is for: while the answer to the query typed is on
  // its way (say, "awq" after "awqz"), it does not say "awq" has no match.
  const answered = (answeredQuery ?? query).trim();
  const emptyNoteShown = error === null && matches !== null && matches.length === 0 ? (emptyNote ?? `No method or alias starts with “${answered}”.`) : null;
  // Matches found by a word inside a label say so, or the list would look like it ignored what was typed.
  const byWordNote = error === null && matches?.[0]?.byWord ? `No method or alias starts with “${answered}”; a word in each of these does.` : null;
  // Heard once the typing stops: said at every key, "nothing starts with z…", "…zz", "…zzz" would be read out in turn.
  const noteHeard = useSettled(emptyNoteShown ?? byWordNote, ANNOUNCE_AFTER_MS);
  /** The query Enter was pressed for while its matches were on their way; dropped once the query changes. */
  const [enterFor, setEnterFor] = useState<string | null>(null);
  useEffect(() => {
    if (enterFor === null || pending) return;
    setEnterFor(null);
    const first = matches?.[0];
    if (enterFor === query && first) onChoose(first);
  }, [enterFor, pending, matches, query]);
  useEffect(() => {
    // Preact writes autoFocus as the attribute, which a browser obeys only in the page's first
    // render: a field mounted later (Search reached by a tab or by Back) is focused here.
    if (autoFocus) input.current?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    // While an input method composes text in the field (Japanese, Chinese, Korean), Enter commits it,
    // Escape cancels it and the arrows walk its candidates: these keys are its own, not the list's.
    if (event.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
        if (count) moveByKey((active + 1) % count);
        break;
      case 'ArrowUp':
        if (count) moveByKey(active <= 0 ? count - 1 : active - 1);
        break;
      case 'Home':
      case 'End':
        if (!count || !event.ctrlKey) return;
        moveByKey(event.key === 'Home' ? 0 : count - 1);
        break;
      case 'Enter': {
        if (pending && query.trim()) {
          setEnterFor(query);
          break;
        }
        const match = matches?.[active];
        if (!match) return;
        onChoose(match);
        break;
      }
      case 'Escape':
        if (!query) return; // nothing to clear: let the popup close as usual
        onQuery('');
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div class="combobox">
      <label class="field-label" for={`${id}-input`}>
        {label}
      </label>
      <input
        ref={input}
        id={`${id}-input`}
        class="text-input"
        type="text"
        role="combobox"
        autoComplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeMatch && idOf('option', activeMatch)}
        placeholder={placeholder}
        value={query}
        autoFocus={autoFocus}
        onInput={(event) => {
          // What is typed now is a new search: its first match is highlighted.
          setRemembered(null);
          onQuery(event.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
      />
      {/* Empty, it takes no room; heard from the live region below, as the empty note is. */}
      <p class="combobox-by-word" aria-hidden="true">
        {byWordNote}
      </p>
      <ul ref={list} id={listId} role="listbox" aria-label={`${label}: matches`} aria-busy={pending} class="combobox-list" hidden={!open}>
        {matches?.map((match, index) => (
          <li
            key={match.id}
            id={idOf('option', match)}
            role="option"
            aria-selected={index === active}
            aria-label={chooseVerb ? `${chooseVerb} ${match.name}` : undefined}
            aria-describedby={chooseVerb ? detailsOf(match) : undefined}
            class="combobox-option"
            onMouseMove={() => setActive(index)}
            // mousedown keeps focus in the input; the choice is made on click.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onChoose(match)}
          >
            {/* The name and the alias isolated (<bdi>): a right-to-left override a snapshot left open in
                the name drew "(as OPTQ)" after it backwards. */}
            <span class="combobox-name">
              <bdi>{match.name}</bdi>
              {match.matched !== match.name && (
                <span id={idOf('alias', match)} class="combobox-alias">
                  {' '}
                  (as <bdi>{match.matched}</bdi>)
                </span>
              )}
            </span>
            <span id={idOf('topic', match)} class="combobox-topic">
              {match.topic}
            </span>
            <StatusBadge id={idOf('status', match)} status={match.status} explained />
          </li>
        ))}
      </ul>
      {error !== null && (
        <p class="combobox-error" role="alert">
          <strong>The search could not read the snapshot.</strong> Edit the search to try again. <span class="combobox-error-detail">({error})</span>
        </p>
      )}
      {/* Empty, it takes no room. Screen readers hear it from the live region below, once settled. */}
      <p class="combobox-empty" aria-hidden="true">
        {emptyNoteShown !== null && emptyNote !== undefined ? (shownEmptyNote ?? emptyNote) : emptyNoteShown}
      </p>
      {/* Always there, so that a screen reader hears when a search finds nothing: a live region made
          with its text already in it is not announced. */}
      <p class="visually-hidden" role="status">
        {noteHeard}
      </p>
    </div>
  );
}

/**
 * A method id as it may stand in an element id and, unescaped, in a CSS selector, one for one: lower-case
 * letters, digits and dashes (all a snapshot's slugs hold, as `quip-sharp`) as they are, any other
 * character as its code point in hex between underscores (`QuIP#` → `_51_u_49__50__23_`). An underscore
 * is such a character too, so two ids never come out alike.
 */
function idPart(methodId: string): string {
  let part = '';
  for (const character of methodId) part += /[a-z0-9-]/.test(character) ? character : `_${character.codePointAt(0)!.toString(16)}_`;
  return part;
}

/** `text` once it has stayed the same for `delayMs` (null until then); null at once when `text` is. */
function useSettled(text: string | null, delayMs: number): string | null {
  const [settled, setSettled] = useState<string | null>(null);
  useEffect(() => {
    if (text === null) return setSettled(null);
    const timer = setTimeout(() => setSettled(text), delayMs);
    return () => clearTimeout(timer);
  }, [text]);
  return text === null ? null : settled;
}
