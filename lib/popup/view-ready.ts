/**
 * Marks the moment a view's data is in the DOM, once per page load: `npm run bench:popup` reads the
 * mark's time, which counts from the popup's navigation start. Work that can wait (the refresh
 * indicator) waits for it, so it does not compete with the view for the store.
 */
export const VIEW_READY_MARK = 'method-lens:view-ready';

let announce: () => void;
const ready = new Promise<void>((resolve) => {
  announce = resolve;
});
let marked = false;

export function markViewReady(view: string): void {
  if (marked) return;
  marked = true;
  performance.mark(VIEW_READY_MARK, { detail: { view } });
  announce();
}

export function whenViewReady(): Promise<void> {
  return ready;
}
