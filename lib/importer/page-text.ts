/** Turns an exported page file into numbered, trimmed, non-blank lines, refusing what is not text. */
import { ImportError } from './errors';

export interface PageLine {
  text: string;
  /** 1-based line number in the file, for error messages. */
  number: number;
}

/** Control characters (tab aside) and U+FFFD do not occur in a text export; they mean binary or damaged input. */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

export function decodePageBytes(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError('the file is not UTF-8 text (is it a binary file?)', file);
  }
}

export function splitPageLines(text: string, file: string): PageLine[] {
  const lines: PageLine[] = [];
  text
    .replace(/^\ufeff/, '')
    // `é` may be written as one code point or as `e` and a combining accent (NFD, as macOS tools save
    // it): the same text, which compared as strings would make two methods of one name, two topics of one.
    .normalize('NFC')
    .split(/\r\n|[\r\n\u0085\u2028\u2029]/) // every line end Unicode names (an export may print any)
    .forEach((raw, index) => {
      const bad = NOT_TEXT.exec(raw);
      if (bad) {
        const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        throw new ImportError(`the line contains the character U+${code}, which a page export never has (is it a binary file?)`, file, index + 1);
      }
      const trimmed = raw.trim();
      if (trimmed) lines.push({ text: trimmed, number: index + 1 });
    });
  if (lines.length === 0) throw new ImportError('the file is empty', file);
  return lines;
}
