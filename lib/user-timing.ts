/**
 * Our `performance.mark` / `performance.measure` entries (a scan pass, a store read, a refresh phase)
 * stay in the timeline until something clears them, and a page that keeps changing or a worker that
 * serves a long session would gather them without end. Each name keeps its latest entries only:
 * once it has `ENTRIES_PER_NAME`, they are cleared before the next one is added.
 */
export const ENTRIES_PER_NAME = 1_000;

const written = new Map<string, number>();

export function measure(name: string, options: PerformanceMeasureOptions): void {
  makeRoom(name, () => performance.clearMeasures(name));
  performance.measure(name, options);
}

export function mark(name: string, options?: PerformanceMarkOptions): void {
  makeRoom(name, () => performance.clearMarks(name));
  performance.mark(name, options);
}

function makeRoom(name: string, clear: () => void): void {
  const count = written.get(name) ?? 0;
  if (count >= ENTRIES_PER_NAME) clear();
  written.set(name, count >= ENTRIES_PER_NAME ? 1 : count + 1);
}
