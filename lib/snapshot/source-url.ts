/**
 * Where a snapshot comes from: the copy bundled with the extension, or the URL of a published
 * `index.json`. Only `https:` is accepted, except `http:` on this machine (localhost, 127.0.0.1)
 * so publishers can try a snapshot before they host it.
 */
export type SourceCheck = { ok: true; url: string } | { ok: false; error: string };

const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1']);
/** Room for a presigned or tokenised link (often 2–4k characters); the setting stores no longer one. */
const MAX_SOURCE_URL_LENGTH = 8192;

/**
 * Whitespace and invisible format characters (Unicode's Cf: zero-width space, left-to-right mark, word
 * joiner, soft hyphen…) at either end: an address copied from a chat, a document or a right-to-left page
 * often carries one, which the reader cannot see and the URL parser would escape into the path.
 */
const BLANK_ENDS = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu;

export function checkSourceUrl(input: string): SourceCheck {
  const trimmed = input.replace(BLANK_ENDS, '');
  if (!trimmed) return { ok: false, error: 'Enter the address of a snapshot’s index.json.' };
  // "localhost:8080/…" parses as an address whose scheme is "localhost:": the reader left the scheme off.
  if (/^[^/:?#\s]+:\d+(?:[/?#]|$)/.test(trimmed)) {
    // The address suggested must pass: plain http:// only for this machine.
    const scheme = LOCAL_HOSTS.has(trimmed.slice(0, trimmed.indexOf(':')).toLowerCase()) ? 'http' : 'https';
    return { ok: false, error: `Start the address with https:// (or http:// for localhost and 127.0.0.1): ${scheme}://${trimmed}` };
  }
  // Chromium's parser keeps a space inside a host name, escaped, as an address no host answers.
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*[\s%]/i.test(trimmed)) return { ok: false, error: 'The host name in that address holds a space or a %, which no host name can.' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    // An address that starts with a scheme fails past it, in its host or port ("…org:84430/"): telling
    // the reader to start with https:// would say to change nothing.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
      return { ok: false, error: 'The host name or port in that address cannot be right: check what follows “//” (a port is a number up to 65535).' };
    }
    return { ok: false, error: 'That is not a web address (it should start with https://).' };
  }
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    return { ok: false, error: 'Use https:// (plain http:// is only allowed for localhost and 127.0.0.1).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: `Addresses starting with ${url.protocol} are not allowed; use https://.` };
  }
  if (url.username || url.password) return { ok: false, error: 'Remove the user name and password from the address.' };
  const raw = rawGitHubAddress(url);
  if (raw) return { ok: false, error: `That address is GitHub’s web page of the snapshot, not its file: use the raw address, ${raw}` };
  // A folder address means the index inside it, as publishers usually share the folder.
  if (url.pathname.endsWith('/')) url.pathname += 'index.json';
  url.hash = '';
  if (url.href.length > MAX_SOURCE_URL_LENGTH) {
    return { ok: false, error: `That address is too long: ${url.href.length.toLocaleString('en')} characters, where at most ${MAX_SOURCE_URL_LENGTH.toLocaleString('en')} are kept.` };
  }
  return { ok: true, url: url.href };
}

/**
 * The raw address of a file (`blob/`) or folder (`tree/`) GitHub shows as a web page: that page is HTML
 * and lets no other site read it, so a refresh from it would say only that it could not be reached.
 */
function rawGitHubAddress(url: URL): string | null {
  if (url.hostname !== 'github.com' && url.hostname !== 'www.github.com') return null;
  const page = /^\/([^/]+)\/([^/]+)\/(blob|tree)\/(.+)$/.exec(url.pathname);
  if (!page) return null;
  const [, owner, repository, kind, branchAndPath] = page;
  const path = kind === 'tree' ? `${branchAndPath!.replace(/\/$/, '')}/index.json` : branchAndPath;
  return `https://raw.githubusercontent.com/${owner}/${repository}/${path}`;
}
