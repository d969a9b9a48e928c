/** A view's data could not be read: what failed, and why in the store's words. */
export function ErrorNote({ title, detail }: { title: string; detail: string }) {
  return (
    <div class="state state-error" role="alert">
      <p class="state-title">{title}</p>
      <p>{detail}</p>
    </div>
  );
}
