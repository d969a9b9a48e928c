/**
 * The browser's IntersectionObserver for unit tests (happy-dom's never reports): each one made is kept,
 * and reports an entry when the test says, as the browser does after a frame renders.
 */
export class FakeIntersectionObserver {
  static made: FakeIntersectionObserver[] = [];
  observed: Element[] = [];
  disconnected = false;
  constructor(
    readonly callback: IntersectionObserverCallback,
    readonly options: IntersectionObserverInit,
  ) {
    FakeIntersectionObserver.made.push(this);
  }
  observe(element: Element) {
    this.observed.push(element);
  }
  disconnect() {
    this.disconnected = true;
  }
  report(intersectionRatio: number) {
    this.callback([{ intersectionRatio } as IntersectionObserverEntry], this as unknown as IntersectionObserver);
  }
}
