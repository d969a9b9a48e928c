/** The small states every view shares: loading, failed, nothing to show. */
import type { ComponentChildren } from 'preact';

export function Loading({ what }: { what: string }) {
  return (
    <p class="state state-loading" aria-busy="true">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ title, detail }: { title: string; detail: string }) {
  return (
    <div class="state state-error" role="alert">
      <p class="state-title">{title}</p>
      <p>{detail}</p>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <p class="state-title">{title}</p>
      {children}
    </div>
  );
}
