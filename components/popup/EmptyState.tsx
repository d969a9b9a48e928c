/** Nothing to show, said plainly, with what the reader can do about it. */
import type { ComponentChildren } from 'preact';

/** `title`: its words, with a name from the snapshot in them isolated ("no topic “<bdi>…</bdi>”"). */
export function EmptyState({ title, children }: { title: ComponentChildren; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <p class="state-title">{title}</p>
      {children}
    </div>
  );
}
