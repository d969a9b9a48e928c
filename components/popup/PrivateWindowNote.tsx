/**
 * The popup in a Firefox private window. Firefox refuses IndexedDB to an add-on's pages there ("A
 * mutation operation was attempted on a database that did not allow mutations") and gives them no
 * background page to borrow it from, so no view can read the snapshot: said once, with what still works.
 */
import { ErrorNote } from './ErrorNote';

export function PrivateWindowNote() {
  return (
    <div class="popup">
      <header class="topbar">
        <span class="brand">Method Lens</span>
      </header>
      <main class="content">
        <ErrorNote
          title="Method Lens cannot show its snapshot in a private window."
          detail="Firefox keeps an add-on’s stored data from its pages in private windows. The marks and the hover card still work on the papers you read here; for a page’s methods, records, search and the snapshot, open Method Lens from a normal window."
        />
      </main>
    </div>
  );
}
