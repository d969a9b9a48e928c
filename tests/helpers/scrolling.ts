/**
 * Page-side functions for scrolling in browser tests (Chromium and Firefox), each self-contained: a
 * driver sends it to the page as source. A scroll is announced (its `scroll` event) at the page's next
 * rendering, which a loaded machine may put after the next pointer event; the card closes on a scroll
 * that moves its mark, so a tap, a hover or a check comes after two renderings.
 */

/** Resolves once the page has rendered twice: a scroll made before has been announced. */
export function twoFramesRendered(): Promise<void> {
  return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

/** Adds the page's own scrolling box beside the paper (a table of contents, a ticker): `#sidebar`. */
export function addScrollingSidebar(): void {
  const aside = Object.assign(document.createElement('div'), { id: 'sidebar' });
  aside.style.cssText = 'position: fixed; left: 0; bottom: 0; width: 120px; height: 80px; overflow: auto;';
  for (let i = 0; i < 40; i++) aside.appendChild(document.createElement('p')).textContent = `Section ${i}`;
  document.body.append(aside);
}

/** Scrolls `#sidebar` down, and returns how far it went once the scroll is announced. */
export async function scrollSidebar(): Promise<number> {
  const aside = document.getElementById('sidebar')!;
  aside.scrollTop = 200;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return aside.scrollTop;
}

/** Scrolls the window a little (up where it can), and returns whether it moved, once the scroll is announced. */
export async function scrollWindowALittle(): Promise<boolean> {
  const before = scrollY;
  window.scrollBy(0, scrollY > 0 ? -40 : 40);
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return scrollY !== before;
}
