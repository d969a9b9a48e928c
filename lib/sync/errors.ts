/**
 * Every way a refresh can fail, worded for the person reading the popup. All wording lives here so
 * it stays consistent; `url` is the file concerned (the index or one topic file).
 */
import type { z } from 'zod';
import { formatCount, formatWait, plural } from '../format';
import { FORMAT_VERSION } from '../snapshot/schema';

/**
 * Which file failed: the reader gives the index's address, and the index lists the topic files, so
 * what there is to check differs.
 */
export type SnapshotFile = 'index' | 'topic';

/**
 * A failure that trying again later, with nothing changed by anyone, may mend: the host was down or
 * busy, the connection failed, a file was being published. `afterSeconds`: the wait the host asked for.
 */
export interface RetryHint {
  afterSeconds: number | null;
}

export class RefreshFailure extends Error {
  constructor(
    readonly what: string,
    readonly url: string,
    readonly retry: RetryHint | null = null,
  ) {
    super(what);
    this.name = 'RefreshFailure';
  }
}

/** Passing: mended by time alone. */
const LATER: RetryHint = { afterSeconds: null };

const at = (url: string) => `The snapshot at ${url}`;
/** What a host too slow to answer, or to send, may be, and what the reader can do: the browser does not say which. */
const SLOW_HINT = '. The host may be busy or down, or the connection slow: try again later.';

export const failure = {
  timeout: (url: string, ms: number) => new RefreshFailure(`${at(url)} took longer than ${seconds(ms)} to answer${SLOW_HINT}`, url, LATER),
  stalled: (url: string, ms: number) =>
    new RefreshFailure(`${at(url)} stopped sending data for ${seconds(ms)}, so the download was given up${SLOW_HINT}`, url, LATER),
  tooSlow: (url: string, bytesPerSecond: number) =>
    new RefreshFailure(
      `${at(url)} sent its data slower than ${formatBytes(bytesPerSecond)} a second on average, so the download was given up${SLOW_HINT}`,
      url,
      LATER,
    ),
  // The browser says only "Failed to fetch" for a wrong host, a host that is down, and one that does
  // not let other sites read its files (no CORS header), which the file opened in a tab does not show:
  // its words tell the reader nothing more, so they are not passed on.
  unreachable: (url: string) =>
    new RefreshFailure(
      `${at(url)} could not be reached. Check the address and that the host is up; the host must also let other sites read its files (the header Access-Control-Allow-Origin: *).`,
      url,
      LATER,
    ),
  offline: (url: string) =>
    new RefreshFailure(`${at(url)} could not be asked for: this computer is offline. Try again once it is connected.`, url, LATER),
  // The browser does not say where the redirect led, nor why it failed there: a mirror that is down
  // fails as a loop does.
  redirectNotFollowed: (url: string) =>
    new RefreshFailure(
      `${at(url)} redirects where the download cannot follow: in a loop, to an address that is not http(s), to a host that cannot be reached, or to one that does not let other sites read its files. Check the address; if it is right, try again later: where it redirects may be down, or the host's redirects at fault.`,
      url,
      LATER,
    ),
  // The browser fails a body it cannot unpack (Content-Encoding: gzip over bytes that are not, or are
  // damaged) with the same "network error" as a connection cut part-way (Chromium's
  // ERR_CONTENT_DECODING_FAILED, ERR_CONTENT_LENGTH_MISMATCH): either may be what happened.
  brokeOff: (url: string) =>
    new RefreshFailure(
      `The download of ${url} broke off before it was complete: the connection was lost, or the host sent the file compressed (the header Content-Encoding) in a form that cannot be unpacked; the browser does not say which. Try again later; if it breaks off each time, check what the host sends.`,
      url,
      LATER,
    ),
  // A server or cache answering "not modified" to a request that did not ask: taken for "up to date",
  // it would keep whatever is stored, which may be another source's snapshot.
  notModifiedUnasked: (url: string) =>
    new RefreshFailure(
      `${at(url)} answered with HTTP 304 (Not Modified), though the whole file was asked for, so there was nothing to read: the host, or a cache on the way, is at fault. Try again later.`,
      url,
      LATER,
    ),
  httpStatus: (url: string, file: SnapshotFile, status: number, statusText: string, retryAfterSeconds: number | null) =>
    new RefreshFailure(
      `${at(url)} answered with HTTP ${status}${statusText ? ` (${statusText})` : ''}.${httpHint(file, status, retryAfterSeconds)}`,
      url,
      passes(file, status) ? { afterSeconds: retryAfterSeconds } : null,
    ),
  // A topic larger than its index lists is one published after the index, as a checksum that differs
  // is: the index that lists it is on its way.
  tooLarge: (url: string, limit: number, file: SnapshotFile = 'index') =>
    new RefreshFailure(
      `${at(url)} is larger than the ${formatBytes(limit)} expected, so the download was stopped.${file === 'topic' ? ' It may have changed while being published.' : ''}`,
      url,
      file === 'topic' ? LATER : null,
    ),
  listedTooLarge: (url: string, bytes: number, limit: number) =>
    new RefreshFailure(`${at(url)} is listed at ${formatBytes(bytes)}, over this extension's limit of ${formatBytes(limit)}.`, url),
  sizeMismatch: (url: string, received: number, expected: number) =>
    new RefreshFailure(
      `${at(url)} arrived with ${formatBytes(received)} instead of the ${formatBytes(expected)} the index lists; it may be cut off.`,
      url,
      LATER,
    ),
  // A topic file shorter than listed that is no snapshot file at all: a host's "Not Found", answered
  // with HTTP 200 as some answer a file they do not have (or do not have yet), not a file cut off.
  hostsOwnMessage: (url: string, json: boolean, beginning: string) =>
    new RefreshFailure(
      `${at(url)} ${json ? 'is not a Method Lens snapshot file' : 'is plain text, not a snapshot file'} (it begins “${beginning}”): the host may answer a file it does not have with a message of its own; check what was published, and if it is being published now, try again later.`,
      url,
      LATER,
    ),
  checksum: (url: string) =>
    new RefreshFailure(
      `${at(url)} does not match the checksum the index lists; it may have changed while being published.`,
      url,
      LATER,
    ),
  // Written by a tool or an editor in another encoding (a script's Windows-1252, PowerShell's UTF-16).
  notText: (url: string, mistakeAt: { line: number; column: number } | null) =>
    new RefreshFailure(
      `${at(url)} is not UTF-8 text${mistakeAt ? ` (the first byte UTF-8 does not allow is at line ${mistakeAt.line}, column ${mistakeAt.column})` : ''}: save it as UTF-8 and publish it again.`,
      url,
    ),
  // Saved as UTF-16 without a byte-order mark (Node's and Python's "utf16le" write none), the file is
  // valid UTF-8 all the same: a zero byte beside every ASCII one, which no JSON text holds, tells it.
  savedAsUtf16: (url: string) =>
    new RefreshFailure(`${at(url)} is not UTF-8 text (it holds zero bytes, as text saved as UTF-16 does): save it as UTF-8 and publish it again.`, url),
  // A file uploaded compressed (to S3, a CDN) without its header: the browser passes it on packed.
  compressed: (url: string) =>
    new RefreshFailure(
      `${at(url)} is compressed (gzip), but the host does not say so (the header Content-Encoding: gzip), so it cannot be read: publish the file uncompressed, or have the host send that header with it.`,
      url,
    ),
  // The snapshot's folder zipped and uploaded whole (or a topic file zipped): its bytes are no text, and
  // saving it as UTF-8, as a file that does not decode would be told, is not what mends it.
  zipArchive: (url: string, file: SnapshotFile) =>
    new RefreshFailure(
      `${at(url)} is a zip archive, not a snapshot file: ${
        file === 'index' ? 'unpack it, publish the files it holds, and use the address of their index.json' : 'publish each topic file unpacked, as the import writes it'
      }.`,
      url,
    ),
  // The parser's own message is not passed on: it names tokens and quotes the file ("Unexpected token '<', "<!DOCTYPE "...").
  // An empty topic file the index lists with its size is one not written yet (a copy that empties the
  // file first, then fills it), or one a publishing step failed to write: time may mend it.
  empty: (url: string, file: SnapshotFile) =>
    new RefreshFailure(
      `${at(url)} is empty: ${file === 'index' ? checkWhat(file) : 'check what was published, and if it is being published now, try again later'}.`,
      url,
      file === 'topic' ? LATER : null,
    ),
  // Chromium fails a body shorter than its length unless it unpacked it; a browser that does not (Firefox
  // may take a cut connection for the end) leaves the cut too.
  unpackedToNothing: (url: string, declaredBytes: number) =>
    new RefreshFailure(
      `${at(url)} arrived empty, though the host gave its length as ${formatBytes(declaredBytes)}: it sent the file compressed (the header Content-Encoding) and those bytes unpack to nothing, or the connection was cut before any came. A compressed file may be empty, or the length the host gives (the header Content-Length) too short for it: check what the host sends, and try again later.`,
      url,
      LATER,
    ),
  plainText: (url: string, file: SnapshotFile, beginning: string) =>
    new RefreshFailure(`${at(url)} is plain text, not a snapshot file (it begins “${beginning}”): ${checkWhat(file)}.`, url),
  cutOff: (url: string) =>
    new RefreshFailure(`${at(url)} is not valid JSON: it stops part-way through, as if cut off while being published. Try again later.`, url, LATER),
  invalidJson: (url: string, mistakeAt: { line: number; column: number } | null) =>
    new RefreshFailure(
      `${at(url)} is not valid JSON${mistakeAt ? ` (the first mistake is at line ${mistakeAt.line}, column ${mistakeAt.column})` : ''}: check what was published.`,
      url,
    ),
  webPage: (url: string, file: SnapshotFile) =>
    new RefreshFailure(
      `${at(url)} is a web page, not a snapshot file: ${file === 'index' ? checkWhat(file) : 'the host may answer a file it does not have with a page of its own; check what was published'}.`,
      url,
      // A topic file not there yet, as a 404 would say: the snapshot may be being published.
      file === 'topic' ? LATER : null,
    ),
  redirectedAway: (url: string, to: string) =>
    new RefreshFailure(
      `${at(url)} redirects to ${to}, which is refused: a redirect may only lead to another https:// address off this machine (for a source on this machine, within its own address).`,
      url,
    ),
  notSnapshot: (url: string, file: SnapshotFile) => new RefreshFailure(`${at(url)} is not a Method Lens snapshot file: ${checkWhat(file)}.`, url),
  topicNotIndex: (url: string) =>
    new RefreshFailure(`${at(url)} is one topic's file, not the snapshot's index: use the address of the index.json beside it.`, url),
  // A publisher's tools may move to a format an older Method Lens cannot read: updating it is what the reader can do.
  unknownVersion: (url: string, version: unknown) =>
    new RefreshFailure(
      `${at(url)} uses unknown snapshot format version ${shown(version)} (this extension reads version ${FORMAT_VERSION}).${
        Number.isSafeInteger(version) && (version as number) > FORMAT_VERSION
          ? ` It was published for a newer Method Lens: update the extension, or publish the snapshot in version ${FORMAT_VERSION}.`
          : ''
      }`,
      url,
    ),
  schema: (url: string, issues: string) => new RefreshFailure(`${at(url)} does not follow the snapshot format: ${issues}.`, url),
  wrongTopic: (url: string, found: string, listed: string) =>
    new RefreshFailure(`${at(url)} holds topic "${found}", but the index lists it as "${listed}".`, url),
  inconsistent: (url: string, problems: readonly string[]) =>
    new RefreshFailure(`${at(url)} is inconsistent: ${problems.join('; ')}.`, url),
  noMethods: (url: string) => new RefreshFailure(`${at(url)} names no methods at all, so it was not taken: check what was published.`, url),
  otherSite: (url: string, indexUrl: string) =>
    new RefreshFailure(`The index at ${indexUrl} points at ${url}, on another site; that is refused.`, url),
  cancelled: (url: string) => new RefreshFailure(`The refresh from ${url} was cancelled.`, url),
  changedMeanwhile: (url: string) =>
    new RefreshFailure(
      `The refresh from ${url} was stopped: another refresh, or the clean-up after one, changed the stored snapshot at the same time. The snapshot in use is kept; try again.`,
      url,
      LATER,
    ),
  abandoned: (url: string) =>
    new RefreshFailure(
      `The refresh from ${url} was held up for minutes while saving (the computer asleep, or the browser busy), and what it had saved was given up. The snapshot in use is kept; try again.`,
      url,
      LATER,
    ),
  /** `words`: `storageFailureWords`. */
  storage: (url: string, words: string) => new RefreshFailure(`The snapshot from ${url} could not be saved: ${words}`, url),
  // Neither the download, the file nor the store: a fault in this extension or the browser (memory run out).
  unexpected: (url: string, said: string) =>
    new RefreshFailure(
      `The refresh from ${url} failed on a fault of this extension or the browser (it said: ${cutShort(said, 120)}). The snapshot in use is kept; try again, and if it keeps failing, restart the browser.`,
      url,
    ),
};

/**
 * What is wrong with one value of a file, in the words of these messages rather than zod's ("Invalid
 * input: expected string, received number"): what was expected, and what was found. The schema's own
 * messages ("expected a plain .json file name") come first; the path is said before this.
 */
export function describeSchemaIssue(issue: z.core.$ZodRawIssue): string {
  const found = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'missing';
      // JSON's 1e400 reads as Infinity.
      const outOfRange = typeof issue.input === 'number' && !Number.isFinite(issue.input);
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, found ${outOfRange ? 'one out of range' : found}`;
    }
    case 'invalid_value':
      return `expected ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((value) => describeValue(value)).join(', ')}, found ${found}`;
    case 'too_small':
    case 'too_big': {
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const bound = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than';
      if (issue.origin === 'string' && limit === 1 && bound === 'at least') return 'expected text, found none';
      if (issue.origin === 'string' || issue.origin === 'array') {
        const length = (issue.input as string | unknown[]).length;
        const unit = issue.origin === 'string' ? plural(limit, 'character', 'characters') : plural(limit, 'entry', 'entries');
        return `expected ${bound} ${unit}, found ${length === 0 ? 'none' : formatCount(length)}`;
      }
      return `expected ${bound} ${limit}, found ${found}`;
    }
    case 'invalid_format':
      return issue.format === 'datetime' ? `expected a date and time such as 2025-06-01T12:00:00Z, found ${found}` : `found ${found}, not in the form expected`;
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
    default:
      return `found ${found}, which the format does not allow`;
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** A value from the file as a message shows it: text quoted and numbers as they are, cut short; a list or an object by its kind. */
function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return shown(value);
}

/** What to check when a file is not what it should be. */
function checkWhat(file: SnapshotFile): string {
  return file === 'index' ? "check that the address is the snapshot's index.json" : 'check what was published';
}

/**
 * Whether an HTTP status is one time may mend: a host failing, busy or out of time, or a topic file
 * missing from a snapshot being published (a 403 from a host that says so for a file it does not have).
 */
function passes(file: SnapshotFile, status: number): boolean {
  return (
    status === 408 || status === 425 || status === 429 || status >= 500 || (file === 'topic' && (status === 403 || status === 404 || status === 410))
  );
}

/** What the reader can do about an HTTP status, where the status says. */
function httpHint(file: SnapshotFile, status: number, retryAfterSeconds: number | null): string {
  if (status === 401) return ' The host refused access: the address may need a token, or its token may have expired.';
  // Amazon S3 answers 403, not 404, for a file it does not have when its files may not be listed. A
  // topic file is asked for with the index's query (its token), which the host has just accepted.
  if (status === 403 && file === 'index') {
    return ' The host refused access: check the address (some hosts, such as Amazon S3, answer so when there is no file at it); the address may also need a token, or its token may have expired.';
  }
  if (status === 403) {
    return ' The index lists this file, but the host refused it, though it let the index be read: the file may be missing (some hosts, such as Amazon S3, answer so for a file they do not have) or not shared as the index is. Check what was published; if it is being published now, try again later.';
  }
  if ((status === 404 || status === 410) && file === 'index') return ' There is no file at this address: check it.';
  if (status === 404 || status === 410) {
    return ' The index lists this file, but the host does not have it: the snapshot may be published only in part, or being published now. Try again later.';
  }
  if (status === 429 || status >= 500) return busyAdvice(retryAfterSeconds);
  return '';
}

const busyAdvice = (retryAfterSeconds: number | null) =>
  ` The host failed or is busy: try again ${retryAfterSeconds === null ? 'later' : `in ${formatWait(retryAfterSeconds)}, as it asks`}.`;
const busyWaitCut = (retryAfterSeconds: number) =>
  ` The host failed or is busy, and asks for a wait of ${formatWait(retryAfterSeconds)}: longer than Method Lens waits before it tries again.`;

/**
 * A busy host's failure (`what`, whose host asked for `afterSeconds`) worded for the next try the
 * background planned: a wait the schedule cut short (a year's Retry-After is taken as a day) is the
 * host's request, not advice to wait that long beside the real next try the popup names. Either
 * wording turns into the other, as a change of schedule may cut the wait or keep it whole.
 */
export function sayHostWait(what: string, afterSeconds: number, cut: boolean): string {
  const [said, meant] = cut ? [busyAdvice(afterSeconds), busyWaitCut(afterSeconds)] : [busyWaitCut(afterSeconds), busyAdvice(afterSeconds)];
  return what.endsWith(said) ? `${what.slice(0, -said.length)}${meant}` : what;
}

/** Text from the file, cut short: a hostile file must not fill the popup (and the store) with its error. */
export function cutShort(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** A value from the file, as JSON, cut short. */
function shown(value: unknown): string {
  return cutShort(JSON.stringify(value) ?? String(value), 40);
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

/** The unit is chosen on the rounded value: 1,048,575 bytes are "1.0 MiB", not "1024.0 KiB". */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kib = (bytes / 1024).toFixed(1);
  if (Number(kib) < 1024) return `${kib} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
