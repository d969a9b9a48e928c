/** Dates as the knowledge base prints them (`May 28, 2026`, `Jun 1, 2023`) → ISO `YYYY-MM-DD`. */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Full names and abbreviations; longest first so a regex alternation prefers `June` over `Jun`. */
const MONTH_NAMES = [...MONTHS, ...MONTHS.map((month) => month.slice(0, 3)), 'Sept'].sort((a, b) => b.length - a.length);
// Any run of spaces between the parts: an export that doubles one still prints a date, which must not
// be left glued to the title before it.
const DATE_SOURCE = `(?:${MONTH_NAMES.join('|')})\\s+\\d{1,2},\\s+\\d{4}`;
const WHOLE_DATE = new RegExp(`^(${MONTH_NAMES.join('|')})\\s+(\\d{1,2}),\\s+(\\d{4})$`);
/**
 * A tail that looks like a date but is not printed like one (`Jun 3 2026`, `May 28,2026`, `May 28th, 2026`,
 * `May 2026` without its day, `2026-05-28`, `5/28/2026`), which would otherwise stay glued to the title
 * with the entry's date lost.
 */
const DATE_LIKE_TAIL = new RegExp(
  `(?:(?:${MONTH_NAMES.join('|')})\\.?\\s*(?:\\d{1,2}(?:st|nd|rd|th)?\\W{0,3})?\\d{4}|\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}/\\d{1,2}/\\d{4})$`,
);
const TRAILING_DATE = new RegExp(`${DATE_SOURCE}$`);

/** `Jun 1, 2023` → `2023-06-01`; null when the text is not such a date or not a real calendar day. */
export function parseKbDate(text: string): string | null {
  const match = WHOLE_DATE.exec(text);
  if (!match) return null;
  const month = MONTHS.findIndex((name) => name.startsWith(match[1]!.slice(0, 3)));
  const day = Number(match[2]);
  const year = Number(match[3]);
  const date = new Date(0);
  date.setUTCFullYear(year, month, day); // unlike Date.UTC, keeps years below 100 as written
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Splits a date-shaped tail off text the export glued to it (`…Quantized LLMsMay 28, 2026`).
 * The tail is returned as printed; it may still fail `parseKbDate` (`Feb 30, 2026`, or `Jun 3 2026`
 * without its comma: taken off all the same, so that the caller refuses it instead of keeping it in a title).
 */
export function splitTrailingDate(text: string): { before: string; printedDate: string } | null {
  const match = TRAILING_DATE.exec(text) ?? DATE_LIKE_TAIL.exec(text);
  if (!match) return null;
  return { before: text.slice(0, match.index), printedDate: match[0] };
}
