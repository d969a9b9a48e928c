/**
 * Whether the page has made a node inert, out of the reader's reach: inside an element marked `inert`
 * (a page's own dialog holding the reader), or outside every modal dialog it has open (backdrop or
 * not). The browser's caret under the pointer still finds text there; the reader can neither select it
 * nor reach anything in it, and gets no card of it either.
 */
export function isInert(node: Node): boolean {
  const element = node instanceof Element ? node : node.parentElement;
  if (element?.closest('[inert]')) return true;
  // Of two modal dialogs open, only the topmost blocks, and nothing says which it is: a node in either is taken as reachable.
  const modals = [...document.querySelectorAll(':modal')];
  return modals.length > 0 && !modals.some((modal) => modal.contains(node));
}
