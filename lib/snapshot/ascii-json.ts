/**
 * JSON written in ASCII only: every other character as a `\u` escape (a pair of them outside the
 * BMP). Any JSON parser reads back the same strings. Chromium decodes ASCII bytes into a one-byte
 * string several times faster than bytes holding even one other character (which make the whole
 * text two-byte), and JSON.parse is faster on it too: an 8 MB synthetic topic with 564 non-ASCII
 * bytes decoded in 73 ms as written and 23 ms escaped, and parsed in 24 ms against 13 ms.
 */
const NON_ASCII = /[^\x00-\x7f]/;
const EACH_NON_ASCII = /[^\x00-\x7f]/g;

export function stringifyAscii(value: unknown, space?: number): string {
  return escapeNonAscii(JSON.stringify(value, null, space));
}

/** `json` with its non-ASCII characters escaped; valid only inside JSON strings, where JSON.stringify puts them. */
export function escapeNonAscii(json: string): string {
  return NON_ASCII.test(json) ? json.replace(EACH_NON_ASCII, escapeUnit) : json;
}

function escapeUnit(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
