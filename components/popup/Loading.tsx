/** A view's data on its way (fades in late, so a quick answer never flashes it). */
export function Loading({ what }: { what: string }) {
  return (
    <p class="state state-loading" aria-busy="true">
      Loading {what}…
    </p>
  );
}
