/** Numbers as the knowledge base prints them: counts with thousands separators, table values as decimals. */

// Comma-grouped thousands start with 1–9: `0,512` is a decimal comma (0.512), which read as a
// grouping would be 512.
const COUNT = /^(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)$/;
/** A sign may be U+2212, the minus sign of typeset tables, as well as the hyphen-minus. */
const DECIMAL = /^[+\-\u2212]?(?:(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)$/;

/** `1,451` → 1451; null for anything else (a wrongly grouped `14,51` included). */
export function parseCount(text: string): number | null {
  if (!COUNT.test(text)) return null;
  const value = Number(text.replace(/,/g, ''));
  return Number.isSafeInteger(value) ? value : null;
}

/** `29.00` → 29, `-0.5` and `−0.5` → -0.5; null when the printed value is not a plain number (`N/A`, `58.7%`). */
export function parsePrintedNumber(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const value = Number(text.replace(/,/g, '').replace('\u2212', '-'));
  return Number.isFinite(value) ? value : null;
}
