// @vitest-environment happy-dom
/**
 * The combobox's Enter while the matches shown answer an earlier query (the reader typed on and the
 * store has not answered yet): it chooses the first match of what was typed once it comes, never an
 * option of the older list; typing on drops that Enter. Without a search on its way, Enter chooses the
 * highlighted option at once. Each option's id names its method, so that aria-activedescendant changes
 * (and a screen reader speaks) whenever another method is highlighted, even one at the same place.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { MethodCombobox } from '@/components/popup/MethodCombobox';
import type { MethodMatch } from '@/lib/store/read';

const match = (id: string, name: string): MethodMatch => ({ id, name, aliases: [], topic: 'LLM quantization', status: null, matched: name });
const GLVQ = match('glvq', 'GLVQ');
const GPTQ = match('gptq', 'GPTQ');
const GPTQV2 = match('gptqv2', 'GPTQv2');

let root: HTMLElement;
let chosen: Mock<(match: MethodMatch) => void>;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  chosen = vi.fn();
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

function show(query: string, matches: MethodMatch[] | null, pending: boolean, chooseVerb?: string) {
  act(() =>
    render(<MethodCombobox id="t" label="Find" query={query} matches={matches} pending={pending} onQuery={() => {}} onChoose={chosen} chooseVerb={chooseVerb} />, root),
  );
}
const options = () => [...root.querySelectorAll<HTMLElement>('[role="option"]')];
const optionNamed = (name: string) => options().find((option) => option.querySelector('.combobox-name')!.textContent === name)!;
/** The option aria-activedescendant names, found as a screen reader finds it: by id in the document. */
function activeOption() {
  const id = root.querySelector('input')!.getAttribute('aria-activedescendant');
  return id === null ? null : document.getElementById(id);
}
/** Presses `key` in the field; `isComposing`: while an input method (Japanese, Chinese, Korean) composes text in it. Returns the event. */
function press(key: string, isComposing = false) {
  const event = new KeyboardEvent('keydown', { key, isComposing, bubbles: true, cancelable: true });
  act(() => {
    root.querySelector('input')!.dispatchEvent(event);
  });
  return event;
}

describe('MethodCombobox', () => {
  it('chooses the first match of the query typed, once it comes, when Enter is pressed before it', () => {
    show('gptq', [GLVQ], true); // still the list for "g"
    expect(root.querySelector('[role="listbox"]')!.getAttribute('aria-busy')).toBe('true');
    press('Enter');
    expect(chosen).not.toHaveBeenCalled();
    show('gptq', [GPTQ, GPTQV2], false);
    expect(chosen).toHaveBeenCalledTimes(1);
    expect(chosen).toHaveBeenCalledWith(GPTQ);
    expect(root.querySelector('[role="listbox"]')!.getAttribute('aria-busy')).toBe('false');
  });

  it('drops that Enter when the reader types on, and chooses nothing when nothing matches', () => {
    show('gpt', [GLVQ], true);
    press('Enter');
    show('gptq', [GLVQ], true);
    show('gptq', [GPTQ], false);
    expect(chosen).not.toHaveBeenCalled();
    show('zz', [GPTQ], true);
    press('Enter');
    show('zz', [], false);
    expect(chosen).not.toHaveBeenCalled();
  });

  it('chooses the highlighted option at once when no search is on its way', () => {
    show('gptq', [GPTQ, GPTQV2], false);
    press('ArrowDown');
    press('Enter');
    expect(chosen).toHaveBeenCalledWith(GPTQV2);
  });

  it('leaves the keys an input method is composing with to it: Enter commits the text, Escape cancels it, arrows pick a candidate', () => {
    // Typing "ｇｐｔ" with a Japanese input method, the field already holds the composition and the
    // search answers it (full-width forms are searched as plain ones). The Enter that commits it, the
    // Escape that drops it and the arrows that walk its candidates are the input method's (Chromium
    // sends them with isComposing): they chose a method (muted one, in the options' picker), cleared
    // the whole field, and moved the highlight.
    const queries: string[] = [];
    act(() =>
      render(<MethodCombobox id="t" label="Find" query="ｇｐｔ" matches={[GPTQ, GPTQV2]} onQuery={(query) => queries.push(query)} onChoose={chosen} />, root),
    );
    const highlighted = activeOption();
    for (const key of ['ArrowDown', 'ArrowUp', 'Enter', 'Escape']) expect(press(key, true).defaultPrevented, key).toBe(false);
    expect(chosen).not.toHaveBeenCalled();
    expect(queries).toEqual([]);
    expect(activeOption()).toBe(highlighted);
    // Once composed, the same keys are the combobox's again.
    press('ArrowDown');
    press('Enter');
    expect(chosen).toHaveBeenCalledWith(GPTQV2);
    press('Escape');
    expect(queries).toEqual(['']);
  });

  it('names another method highlighted first by another id, so the change is announced', () => {
    show('g', [GLVQ, GPTQ], false);
    const before = activeOption()!;
    expect(before.querySelector('.combobox-name')!.textContent).toBe('GLVQ');
    const idBefore = before.id;
    show('gp', [GPTQ, GPTQV2], false); // GPTQ takes GLVQ's place at the top
    const after = activeOption()!;
    expect(after.id).not.toBe(idBefore);
    expect(after).toBe(optionNamed('GPTQ'));
    expect(after.getAttribute('aria-selected')).toBe('true');
    expect(document.getElementById(idBefore)).toBeNull(); // no option left behind under GLVQ's id
  });

  it('keeps a method’s option id while the method stays among the matches', () => {
    show('g', [GLVQ, GPTQ, GPTQV2], false);
    const gptqId = optionNamed('GPTQ').id;
    const gptqv2Id = optionNamed('GPTQv2').id;
    show('gp', [GPTQ, GPTQV2], false);
    expect(optionNamed('GPTQ').id).toBe(gptqId);
    expect(optionNamed('GPTQv2').id).toBe(gptqv2Id);
    expect(activeOption()).toBe(optionNamed('GPTQ'));
    press('ArrowDown');
    expect(activeOption()!.id).toBe(gptqv2Id);
  });

  it('gives methods whose ids hold spaces, #, +, . or _ valid ids of their own, and keeps them as the list reorders', () => {
    // Snapshot ids are slugs (`quip-sharp`), but the combobox takes any string: ids that a careless
    // escape would merge (`sq+` and `sq#` both to `sq-`, `sq-` itself), and one that ends in what an
    // option's details add to its id (`awq-topic`).
    const odd = ['QuIP#', 'SmoothQuant+', 'sq+', 'sq#', 'sq-', 'sq_2b', 'a.b', 'a b', 'awq', 'awq-topic', 'q"]'].map((id) => ({
      ...match(id, `Method ${id}`),
      aliases: [`alias ${id}`],
      matched: `alias ${id}`,
    }));
    show('m', odd, false, 'Open');
    const idsOf = () => new Map(options().map((option) => [option.getAttribute('aria-label'), option.id]));
    const first = idsOf();
    const ids = [...root.querySelectorAll('[id]')].map((element) => element.id);
    expect(new Set(ids).size).toBe(ids.length); // the options' ids and their details' ids, all distinct
    for (const option of options()) {
      expect(option.id).toMatch(/^\S+$/); // an HTML id: not empty, no whitespace
      expect(document.getElementById(option.id)).toBe(option);
      expect(root.querySelector(`#${CSS.escape(option.id)}`)).toBe(option);
      // Its alias, topic and status, which describe it, are its own.
      for (const detail of option.getAttribute('aria-describedby')!.split(' ')) expect(option.contains(document.getElementById(detail))).toBe(true);
    }
    for (const option of options()) {
      expect(activeOption()).toBe(option);
      press('ArrowDown');
    }
    show('m', odd.toReversed(), false, 'Open');
    expect(idsOf()).toEqual(first);
  });
});
