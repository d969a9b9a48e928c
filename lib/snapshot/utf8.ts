/**
 * Strict UTF-8 decoding of a snapshot file, in pieces. Chromium decodes a piece of plain ASCII into a
 * one-byte string quickly, but a whole buffer holding even one other character into UTF-16 at ~65 MB/s:
 * an 8 MB synthetic topic with 600 non-ASCII bytes took 115–130 ms in one call and 70–90 ms in 256 kB
 * pieces (ten topics in a row, in a page; JSON.parse took the same time after either). The streaming
 * decoder carries a character cut between two pieces over to the next, and still throws on invalid bytes.
 */
const PIECE_BYTES = 256 * 1024;

/** Throws a TypeError when `bytes` is not valid UTF-8. A leading byte-order mark is dropped. */
export function decodeUtf8(bytes: Uint8Array, pieceBytes = PIECE_BYTES): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parts: string[] = [];
  for (let at = 0; at < bytes.byteLength; at += pieceBytes) {
    parts.push(decoder.decode(bytes.subarray(at, at + pieceBytes), { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
