/**
 * The popup's document title follows its view ("AWQ — Method Lens"): where the popup opens as a
 * window of its own (the full record from a card), the window list and the taskbar name what it shows.
 */
import { useEffect } from 'preact/hooks';

export function useDocumentTitle(viewTitle: string): void {
  useEffect(() => {
    document.title = `${viewTitle} — Method Lens`;
  }, [viewTitle]);
}
