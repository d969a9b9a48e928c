/**
 * The wait a busy host asks for (Retry-After: seconds, or a date), if any is left. A browser lets it be
 * read only when the host lists it in Access-Control-Expose-Headers (or the request is same-origin).
 */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (header === null) return null;
  const seconds = /^\s*\d+\s*$/.test(header) ? Number(header) : (Date.parse(header) - now) / 1000;
  return seconds > 0 ? Math.ceil(seconds) : null;
}
