// @vitest-environment happy-dom
/**
 * The combobox's Enter while the matches shown answer an earlier query (the reader typed on and the
 * store has not answered yet): it chooses the first match of what was typed once it comes, never an
 * option of the older list; typing on drops that Enter. Without a search on its way, Enter chooses the
 * highlighted option at once.
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

function show(query: string, matches: MethodMatch[] | null, pending: boolean) {
  act(() => render(<MethodCombobox id="t" label="Find" query={query} matches={matches} pending={pending} onQuery={() => {}} onChoose={chosen} />, root));
}
function press(key: string) {
  act(() => {
    root.querySelector('input')!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
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
});
