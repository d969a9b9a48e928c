/**
 * A long list drawn a page at a time. A snapshot may list 10,000 topics, a topic hundreds of sub-problems:
 * 2,000 topics drawn at once kept the popup blank for 0.75 s to 2 s, and put 2,000 Tab stops before what
 * follows the list.
 */
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatCount } from '@/lib/format';

export interface ShownPage<List extends HTMLElement = HTMLElement> {
  /** How many of the items to draw. */
  shown: number;
  /** For the list element: Show more moves focus into the first item it adds. */
  listRef: RefObject<List | null>;
  more: () => void;
}

export function useShownPage<List extends HTMLElement>(total: number, pageSize: number): ShownPage<List> {
  const [asked, setAsked] = useState(pageSize);
  const listRef = useRef<List>(null);
  const focusItem = useRef<number | null>(null);
  const shown = Math.min(asked, total);
  useLayoutEffect(() => {
    const index = focusItem.current;
    focusItem.current = null;
    const item = index === null ? undefined : listRef.current?.children[index];
    if (!(item instanceof HTMLElement)) return;
    // The first link or button of the first item added, else the item itself: the button the reader
    // pressed has moved below everything it added.
    const target = item.querySelector<HTMLElement>('a[href], button') ?? item;
    if (target === item) item.tabIndex = -1;
    target.focus();
  }, [shown]);
  return {
    shown,
    listRef,
    more: () => {
      focusItem.current = shown;
      setAsked(shown + pageSize);
    },
  };
}

/** "50 of 2,000 topics shown. Show 50 more": nothing once every item is shown. */
export function ShowMore({ page, total, pageSize, many }: { page: ShownPage; total: number; pageSize: number; many: string }) {
  if (page.shown >= total) return null;
  return (
    <p class="show-more">
      <span>
        {formatCount(page.shown)} of {formatCount(total)} {many} shown.
      </span>{' '}
      <button type="button" class="button" onClick={page.more}>
        Show {formatCount(Math.min(pageSize, total - page.shown))} more {many}
      </button>
    </p>
  );
}
