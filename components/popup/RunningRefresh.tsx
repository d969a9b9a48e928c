/**
 * "Refreshing 40%", a link to the snapshot view, and a Cancel button, while a refresh runs in any
 * context; "Refresh cancelled" once one cancelled here has stopped; nothing otherwise.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useRefresh } from '@/lib/popup/use-refresh';
import { CancelRefreshButton } from './CancelRefreshButton';
import { RouteLink } from './RouteLink';

export function RunningRefresh() {
  const refresh = useRefresh();
  const { progress } = refresh;
  if (!progress && !refresh.cancelled) return null;
  return (
    <PillGroup>
      {progress ? (
        <>
          <RouteLink to={{ view: 'snapshot' }} class="refresh-pill">
            Refreshing {progress.percent}%
          </RouteLink>
          {refresh.cancellable && <CancelRefreshButton refresh={refresh} compact />}
        </>
      ) : (
        // Focusable from script only: the Cancel button, gone, hands its focus here.
        <span class="refresh-pill" role="status" tabIndex={-1}>
          Refresh cancelled
        </span>
      )}
    </PillGroup>
  );
}

/**
 * Gone when the refresh ends (one not cancelled here), it takes the pill or Cancel with it: keyboard
 * focus on either moves on to the control after it, as Tab would, rather than dropping to the page.
 */
function PillGroup({ children }: { children: ComponentChildren }) {
  const group = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const element = group.current;
    return () => {
      if (!element?.contains(element.ownerDocument.activeElement)) return;
      const next = controlAfter(element);
      // Once the render that removes it is done.
      queueMicrotask(() => next?.focus());
    };
  }, []);
  return (
    <span ref={group} class="refresh-pill-group">
      {children}
    </span>
  );
}

/** The first control after `element` (outside it) in the document's order: where Tab goes from it. */
function controlAfter(element: Element): HTMLElement | null {
  const controls = element.ownerDocument.querySelectorAll<HTMLElement>(
    'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])',
  );
  return Array.from(controls).find((control) => !element.contains(control) && element.compareDocumentPosition(control) & Node.DOCUMENT_POSITION_FOLLOWING) ?? null;
}
