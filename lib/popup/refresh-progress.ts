/**
 * A running refresh in words and as a percentage. The progress record has bytes and records for the
 * current topic but not their totals; the previous import of the same topic (its size and record
 * counts in the active snapshot) is the estimate, and a new topic counts as half done once saving.
 */
import { formatCount } from '@/lib/format';
import type { ActiveTopic, RefreshProgress } from '@/lib/store/db';

export interface ProgressView {
  /** What is being done, without the amounts that change on every tick ("Downloading LLM quantization"). */
  step: string;
  /** The step with its amounts, for the eye. */
  label: string;
  /**
   * `label` in three where it names a topic: the words before the topic's name, the name, and the words
   * after, for the name from the snapshot to be isolated where it is drawn.
   */
  labelParts?: readonly [string, string, string];
  /** 0–100, never 100 while running. */
  percent: number;
}

export type TopicEstimate = Pick<ActiveTopic, 'bytes' | 'counts'>;

/** Share of the bar the topics take; the flip and the clean-up fill the rest. */
const TOPICS_SHARE = 94;

export function describeProgress(progress: RefreshProgress, estimate: TopicEstimate | null): ProgressView {
  const { phase, topic, topicsDone, topicsTotal } = progress;
  const place = topicsTotal > 1 ? ` (${topicsDone + 1} of ${topicsTotal})` : '';
  const which = topic ? `${topic}${place}` : 'a topic';
  /** "Downloading LLM quantization (1 of 2)" and its amount, "Downloading LLM quantization (1 of 2) · 500 kB". */
  const labelled = (verb: string, amount: string): Pick<ProgressView, 'step' | 'label' | 'labelParts'> => ({
    step: `${verb} ${which}`,
    label: `${verb} ${which} · ${amount}`,
    ...(topic && { labelParts: [`${verb} `, topic, `${place} · ${amount}`] as const }),
  });
  const topicsPercent = (withinTopic: number) =>
    topicsTotal > 0 ? Math.round(((topicsDone + withinTopic) / topicsTotal) * TOPICS_SHARE) : 0;
  switch (phase) {
    case 'checking': {
      const step = checkingStep(progress.url);
      return { step, label: `${step}…`, percent: 0 };
    }
    case 'downloading': {
      const fraction = estimate && estimate.bytes > 0 ? Math.min(progress.bytes / estimate.bytes, 1) : 0;
      return { ...labelled('Downloading', formatBytes(progress.bytes)), percent: topicsPercent(fraction / 2) };
    }
    case 'saving': {
      const expected = estimate ? totalRecords(estimate.counts) : 0;
      const fraction = expected > 0 ? Math.min(progress.records / expected, 1) : 0;
      return { ...labelled('Saving', `${formatCount(progress.records)} records`), percent: topicsPercent(0.5 + fraction / 2) };
    }
    case 'activating':
      return { step: 'Switching to the new snapshot', label: 'Switching to the new snapshot…', percent: TOPICS_SHARE + 2 };
    case 'cleaning up':
      return { step: 'Removing the previous snapshot', label: 'Removing the previous snapshot…', percent: TOPICS_SHARE + 4 };
  }
}

/**
 * What a screen reader hears of a running refresh: the step and the percentage in tenths, so the
 * live region changes when either does, not on every downloaded chunk.
 */
export function progressAnnouncement(view: ProgressView): string {
  return `Refreshing: ${view.step}, ${Math.floor(view.percent / 10) * 10}%`;
}

function totalRecords(counts: ActiveTopic['counts']): number {
  return counts.methods + counts.critiques + counts.results + counts.alternatives;
}

function checkingStep(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'chrome-extension:' || parsed.protocol === 'moz-extension:') return 'Reading the bundled snapshot';
    return `Checking ${parsed.host} for a new snapshot`;
  } catch {
    return `Checking ${url} for a new snapshot`;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  // Decided on the rounded value: 999,999 bytes are "1.0 MB", not "1000 kB".
  if (Math.round(bytes / 1e3) < 1000) return `${Math.round(bytes / 1e3)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
