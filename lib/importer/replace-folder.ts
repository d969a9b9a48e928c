/**
 * Node-only: puts a snapshot into a folder all at once. It is written to a staging folder beside the
 * target and swapped in, so a failure never leaves a half-written folder.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Snapshot } from '../snapshot/schema';
import { writeSnapshotFolder } from '../snapshot/write-folder';
import { ImportError } from './errors';

export async function replaceSnapshotFolder(snapshot: Snapshot, folder: string): Promise<void> {
  await replaceFolderWith(folder, async (staging) => {
    await writeSnapshotFolder(snapshot, staging, { pretty: true });
  });
}

/**
 * Puts what `write` writes into an empty staging folder in place of `folder` (which must be missing,
 * empty or a snapshot folder): nothing of an earlier snapshot stays behind, nothing half-written shows.
 */
export async function replaceFolderWith(folder: string, write: (staging: string) => Promise<void>): Promise<void> {
  try {
    await swapInFolder(folder, write);
  } catch (error) {
    // The file system's own message names the call and path (`EACCES: permission denied, mkdtemp
    // '/srv/.snapshot.staging-x1'`); said with the folder asked for, it is a plain error, not a crash.
    if (isSystemError(error)) throw new ImportError(`cannot write the snapshot folder ${folder}: ${error.message}`);
    throw error;
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error;
}

async function swapInFolder(folder: string, write: (staging: string) => Promise<void>): Promise<void> {
  // A link is followed, not replaced: the folder it points to is the one read (and served).
  const target = await followLinks(resolve(folder));
  const replacing = await isReplaceableSnapshotFolder(target, folder);
  await mkdir(dirname(target), { recursive: true });
  const staging = await mkdtemp(join(dirname(target), `.${basename(target)}.staging-`));
  const previous = `${staging}.previous`;
  const stopCleanup = cleanUpWhenStopped(target, staging, previous);
  try {
    await chmod(staging, 0o755); // mkdtemp makes it private; the result is an ordinary folder
    await write(staging);
    if (replacing) await rename(target, previous);
    try {
      await rename(staging, target);
    } catch (error) {
      if (replacing) await rename(previous, target);
      throw error;
    }
    if (replacing) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    stopCleanup();
  }
}

/** Links followed before giving up, as the kernel does (Linux: 40): links that go round in a loop. */
const MAX_LINKS_FOLLOWED = 40;

/**
 * Where `path` leads through symbolic links, also when the last one points at nothing yet (a link set
 * up before the first import): that folder is created, the link kept.
 */
async function followLinks(path: string): Promise<string> {
  let current = path;
  for (let followed = 0; followed < MAX_LINKS_FOLLOWED; followed++) {
    const real = await realpath(current).catch(() => null);
    if (real) return real;
    const info = await lstat(current).catch(() => null);
    if (!info?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  return path; // a loop: the swap then fails on the link, which is left as it was
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Until the returned function is called, Ctrl-C (or a kill) first puts things back as they were: the
 * earlier folder in place if the swap was half done, no staging folder left beside it. Then the
 * process stops by the same signal, as it would have.
 */
function cleanUpWhenStopped(target: string, staging: string, previous: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    if (!existsSync(target) && existsSync(previous)) renameSync(previous, target);
    rmSync(staging, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  const remove = () => {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
  return remove;
}

/**
 * False when there is nothing at the target yet. Refuses anything but an empty folder or a snapshot
 * folder (index.json and topic .json files), so a mistyped `--out` cannot wipe unrelated files.
 */
async function isReplaceableSnapshotFolder(target: string, shownAs: string): Promise<boolean> {
  const info = await stat(target).catch(() => null);
  if (!info) return false;
  if (!info.isDirectory()) throw new ImportError(`the output ${shownAs} exists and is not a folder`);
  const entries = await readdir(target);
  if (entries.length > 0 && (!entries.includes('index.json') || entries.some((entry) => !entry.endsWith('.json')))) {
    throw new ImportError(`refusing to replace ${shownAs}: it is not a snapshot folder (only index.json and topic .json files)`);
  }
  return true;
}
