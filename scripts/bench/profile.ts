/**
 * Where a service worker's time goes: an unminified build of the extension (so function names
 * survive) and a DevTools CPU profile summarised into categories by the functions on each sample's stack.
 */
import { join } from 'node:path';
import { log, makeTempDir, REPO_ROOT } from './common';

/** Builds the extension without minification into a temp folder; returns its chrome-mv3 folder. */
export async function buildUnminified(): Promise<string> {
  const outDir = await makeTempDir('unminified-build');
  log('building an unminified copy of the extension for profiling…');
  const { build } = await import('wxt');
  const quiet = { ...console, debug() {}, info() {}, success() {}, log() {}, warn() {}, box() {} };
  await build({
    root: REPO_ROOT,
    browser: 'chrome',
    outDir,
    vite: () => ({ build: { minify: false } }),
    logger: quiet as never,
  });
  return join(outDir, 'chrome-mv3');
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Category {
  label: string;
  /** Matches the sample's own (innermost) frame. */
  self?: (frame: CallFrame) => boolean;
  /** Matches any frame on the sample's stack (innermost first; the first category to match wins). */
  onStack?: RegExp;
}

/** Milliseconds per category, in the order given, plus `other JS`; the total is the profile's sampled time. */
export function categorize(profile: CpuProfile, categories: readonly Category[]): { label: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>(categories.map((category) => [category.label, 0]));
  totals.set('other JS', 0);
  for (let i = 0; i < profile.samples.length; i++) {
    // timeDeltas[i] is the time before sample i; the time after it is the next delta.
    const duration = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = byId.get(profile.samples[i]!)!;
    const stack: CallFrame[] = [];
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!.callFrame);
    const category =
      categories.find((candidate) => candidate.self?.(leaf.callFrame)) ??
      categories.find((candidate) => candidate.onStack && stack.some((frame) => candidate.onStack!.test(frame.functionName)));
    const label = category?.label ?? 'other JS';
    totals.set(label, totals.get(label)! + duration);
  }
  return [...totals].map(([label, ms]) => ({ label, ms }));
}

/** A native (no script URL) frame with one of these names. */
export function native(...names: string[]): (frame: CallFrame) => boolean {
  return (frame) => frame.url === '' && names.includes(frame.functionName);
}
