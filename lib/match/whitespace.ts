/**
 * JavaScript's `\s` for one UTF-16 unit, decided by code: a RegExp test costs more per call, and compiles on
 * its first use in a page's first pass (a no-break space after a word of a name is common).
 */
export function isWhitespace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x2000) return code === 0xa0 || code === 0x1680;
  if (code <= 0x200a) return true;
  return code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
