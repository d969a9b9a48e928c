/** Rendering a Preact tree into the test DOM, and reading it back as a reader sees it. */
import { render, type VNode } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach } from 'vitest';

let root: HTMLElement | null = null;

/** Renders `vnode` into a fresh element in the document, with effects flushed; the previous tree is unmounted. */
export function mount(vnode: VNode): HTMLElement {
  unmount();
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(vnode, root!));
  return root;
}

/** Renders `vnode` again into the mounted tree (new props, same components), with effects flushed. */
export function rerender(vnode: VNode): void {
  if (!root) throw new Error('nothing mounted');
  act(() => render(vnode, root!));
}

/** Unmounts the tree (its effects' cleanups run) and takes its element out of the document. */
export function unmount(): void {
  if (!root) return;
  render(null, root);
  root.remove();
  root = null;
}

// Each test's tree is unmounted after it, so effects and listeners do not leak into the next.
afterEach(unmount);

/** Visible text as a reader gets it: blocks separated by a space, whitespace collapsed. */
export const text = (element: Element | null | undefined) => (element ? blockText(element).replace(/\s+/g, ' ').trim() : '');
const BLOCKS = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'DT', 'DD', 'TD', 'TH', 'SECTION']);
function blockText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  const inner = [...node.childNodes].map(blockText).join('');
  return BLOCKS.has((node as Element).tagName) ? ` ${inner} ` : inner;
}
