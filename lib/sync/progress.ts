/**
 * Shares a running refresh's progress: every change goes to the local callback, and at most a few
 * per second to `meta`, where the popup and options page (other contexts) read it. Each phase as
 * shown starts with a `performance.mark('method-lens:refresh:<phase>')`, which bench:sync reads to
 * time the phases (polling `meta` from outside misplaces them while the worker is busy).
 */
import { PROGRESS_HEARTBEAT_MS, type MethodLensDb, type RefreshProgress } from '../store/db';
import { clearProgress, saveProgress } from '../store/status';
import { mark } from '../user-timing';

type ProgressChange = Partial<Omit<RefreshProgress, 'runId' | 'url' | 'startedAt' | 'updatedAt'>>;

export interface ProgressReporterOptions {
  now: () => Date;
  onProgress?: (progress: RefreshProgress) => void;
  minWriteIntervalMs?: number;
}

export class ProgressReporter {
  private state: RefreshProgress;
  private lastWriteAt = -Infinity;
  private scheduled: ReturnType<typeof setTimeout> | undefined;
  private writes: Promise<void> = Promise.resolve();
  private readonly now: () => Date;
  private readonly onProgress: ((progress: RefreshProgress) => void) | undefined;
  private readonly minWriteIntervalMs: number;
  /** Renews the record while nothing changes (a slow answer, a long save): the pages take silence for a stopped worker. */
  private readonly heartbeat: ReturnType<typeof setInterval>;

  constructor(
    private readonly db: MethodLensDb,
    run: Pick<RefreshProgress, 'runId' | 'url'>,
    options: ProgressReporterOptions,
  ) {
    this.now = options.now;
    this.onProgress = options.onProgress;
    this.minWriteIntervalMs = options.minWriteIntervalMs ?? 250;
    const startedAt = this.now().toISOString();
    this.state = {
      ...run,
      startedAt,
      updatedAt: startedAt,
      phase: 'checking',
      topic: null,
      topicsDone: 0,
      topicsTotal: 0,
      bytes: 0,
      records: 0,
    };
    markPhase(this.state.phase);
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastWriteAt < PROGRESS_HEARTBEAT_MS || this.scheduled !== undefined) return;
      this.state = { ...this.state, updatedAt: this.now().toISOString() };
      this.write();
    }, PROGRESS_HEARTBEAT_MS / 2);
  }

  update(change: ProgressChange): void {
    if (change.phase !== undefined && change.phase !== this.state.phase) markPhase(change.phase);
    this.state = { ...this.state, ...change, updatedAt: this.now().toISOString() };
    this.onProgress?.(this.state);
    if (this.scheduled !== undefined) return; // the scheduled write will carry this state
    const wait = this.lastWriteAt + this.minWriteIntervalMs - Date.now();
    if (wait <= 0) this.write();
    else
      this.scheduled = setTimeout(() => {
        this.scheduled = undefined;
        this.write();
      }, wait);
  }

  /** Waits for pending writes, then removes the record so no context shows a finished refresh. */
  async finish(): Promise<void> {
    clearInterval(this.heartbeat);
    clearTimeout(this.scheduled);
    this.scheduled = undefined;
    await this.writes;
    await clearProgress(this.db, this.state.runId).catch(ignoreAdvisoryFailure);
  }

  private write(): void {
    this.lastWriteAt = Date.now();
    const state = this.state;
    this.writes = this.writes.then(() => saveProgress(this.db, state)).catch(ignoreAdvisoryFailure);
  }
}

export const REFRESH_PHASE_MARK = 'method-lens:refresh:';

function markPhase(phase: RefreshProgress['phase']): void {
  mark(REFRESH_PHASE_MARK + phase);
}

/** Progress is advisory: failing to show it must not fail the refresh. */
function ignoreAdvisoryFailure(): void {}
