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
