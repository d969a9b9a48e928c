/**
 * Strict UTF-8 decoding of a snapshot file. Chromium decodes plain ASCII into a one-byte string
 * quickly in one call (our own snapshots are ASCII: see `ascii-json.ts`), but a whole buffer holding
 * even one other character into UTF-16 at ~65 MB/s: an 8 MB synthetic topic with 600 non-ASCII bytes
 * took 115–130 ms in one call and 70–90 ms in 256 kB pieces (ten topics in a row, in a page; JSON.parse
 * took the same time after either). So ASCII is decoded whole (23 ms against 33 ms in pieces) and
 * anything else in pieces: the streaming decoder carries a character cut between two pieces over to
 * the next, and still throws on invalid bytes.
 */
const PIECE_BYTES = 256 * 1024;

/** Throws a TypeError when `bytes` is not valid UTF-8. A leading byte-order mark is dropped. */
export function decodeUtf8(bytes: Uint8Array, pieceBytes = PIECE_BYTES): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  if (isAscii(bytes)) return decoder.decode(bytes);
  const parts: string[] = [];
  for (let at = 0; at < bytes.byteLength; at += pieceBytes) {
    parts.push(decoder.decode(bytes.subarray(at, at + pieceBytes), { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** Whether every byte is below 0x80, checked four at a time where the buffer allows. */
export function isAscii(bytes: Uint8Array): boolean {
  let at = 0;
  const end = bytes.byteLength;
  for (; (bytes.byteOffset + at) % 4 !== 0; at++) {
    if (at === end) return true;
    if (bytes[at]! >= 0x80) return false;
  }
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + at, (end - at) >>> 2);
  for (let i = 0; i < words.length; i++) if ((words[i]! & 0x80808080) !== 0) return false;
  for (at += words.length * 4; at < end; at++) if (bytes[at]! >= 0x80) return false;
  return true;
}

/**
 * Where `bytes` first break UTF-8 (the line and column of the first byte it does not allow, as an
 * editor counts them), or null when they do not: for a failure to point at, not on the way of a read.
 */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } | null {
  // Lenient: what it cannot read becomes U+FFFD; a U+FFFD written in the file (EF BF BD) is no mistake.
  const text = new TextDecoder('utf-8').decode(bytes);
  const encoder = new TextEncoder();
  let byteAt = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let charAt = 0;
  for (let found = text.indexOf('\ufffd'); found !== -1; found = text.indexOf('\ufffd', charAt)) {
    byteAt += encoder.encode(text.slice(charAt, found)).byteLength;
    if (bytes[byteAt] !== 0xef || bytes[byteAt + 1] !== 0xbf || bytes[byteAt + 2] !== 0xbd) {
      const lineStart = text.lastIndexOf('\n', found - 1) + 1;
      let line = 1;
      for (let newline = text.indexOf('\n'); newline !== -1 && newline < found; newline = text.indexOf('\n', newline + 1)) line++;
      return { line, column: found - lineStart + 1 };
    }
    byteAt += 3;
    charAt = found + 1;
  }
  return null;
}
