/** An import failure the user can act on: the message names the file and, when known, the line. */
export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(
    reason: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(`${file === undefined ? '' : `${file}${line === undefined ? '' : `:${line}`}: `}${reason}`);
  }
}

/** A short, quoted excerpt of offending text for error messages. */
export function quoted(text: string, max = 80): string {
  return `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;
}
