/** happy-dom has no StaticRange: the same four fields, as in browsers. */
export function installStaticRange(): void {
  (globalThis as { StaticRange?: unknown }).StaticRange ??= class {
    readonly startContainer: Node;
    readonly startOffset: number;
    readonly endContainer: Node;
    readonly endOffset: number;
    constructor(init: StaticRangeInit) {
      ({ startContainer: this.startContainer, startOffset: this.startOffset, endContainer: this.endContainer, endOffset: this.endOffset } = init);
    }
  };
}
