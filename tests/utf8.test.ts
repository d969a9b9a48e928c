import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidUtf8, isAscii } from '@/lib/snapshot/utf8';

/** The reference: one strict decode of the whole buffer. */
function decodeWhole(bytes: Uint8Array): string | 'invalid' {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'invalid';
  }
}

function decodeInPieces(bytes: Uint8Array, pieceBytes: number): string | 'invalid' {
  try {
    return decodeUtf8(bytes, pieceBytes);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return 'invalid';
  }
}

describe('decodeUtf8', () => {
  it('decodes text whose characters are cut between pieces, as one decode of the whole would', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (text, pieceBytes) => {
        const bytes = new TextEncoder().encode(text);
        expect(decodeUtf8(bytes, pieceBytes)).toBe(decodeWhole(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses exactly the byte sequences that are not UTF-8, wherever the pieces are cut', () => {
    const nearUtf8 = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xc3, 0xa9, 0xe2, 0x80, 0x99, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0)), {
      maxLength: 24,
    });
    fc.assert(
      fc.property(nearUtf8, fc.integer({ min: 1, max: 5 }), (values, pieceBytes) => {
        const bytes = Uint8Array.from(values);
        expect(decodeInPieces(bytes, pieceBytes)).toBe(decodeWhole(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('drops a leading byte-order mark only, and decodes an empty buffer', () => {
    const bom = [0xef, 0xbb, 0xbf];
    expect(decodeUtf8(Uint8Array.from([...bom, 0x41, ...bom]), 2)).toBe('A\ufeff');
    expect(decodeUtf8(new Uint8Array(0))).toBe('');
  });

  it('throws on a character cut off at the end', () => {
    expect(() => decodeUtf8(Uint8Array.from([0x41, 0xe2, 0x80]), 2)).toThrow(TypeError);
  });
});

describe('firstInvalidUtf8', () => {
  it('finds a mistake exactly where strict decoding refuses the bytes', () => {
    const nearUtf8 = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x0a, 0xef, 0xbf, 0xbd, 0xc3, 0xa9, 0xe2, 0x80, 0xed, 0xa0)), { maxLength: 24 });
    fc.assert(
      fc.property(nearUtf8, (values) => {
        const bytes = Uint8Array.from(values);
        expect(firstInvalidUtf8(bytes) === null).toBe(decodeWhole(bytes) !== 'invalid');
      }),
      { numRuns: 1000 },
    );
  });

  it('counts lines and columns as an editor does, past a byte-order mark and a U+FFFD written in the file', () => {
    const text = (value: string) => [...new TextEncoder().encode(value)];
    expect(firstInvalidUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, ...text('{\n  "\ufffd"'), 0xe9, ...text('"}')]))).toEqual({ line: 2, column: 6 });
    expect(firstInvalidUtf8(Uint8Array.from([...text('ab'), 0xe2, 0x80]))).toEqual({ line: 1, column: 3 });
  });
});

describe('isAscii', () => {
  it('finds a byte of 0x80 or more at any position and any alignment of the view', () => {
    const buffer = new Uint8Array(40).fill(0x7f);
    for (let offset = 0; offset < 4; offset++) {
      for (let length = 0; length <= 33; length++) {
        const view = buffer.subarray(offset, offset + length);
        expect(isAscii(view)).toBe(true);
        for (let at = 0; at < length; at++) {
          view[at] = 0x80;
          expect(isAscii(view), `offset ${offset}, length ${length}, at ${at}`).toBe(false);
          view[at] = 0x7f;
        }
      }
    }
  });

  it('ignores bytes outside the view', () => {
    const buffer = Uint8Array.from([0xff, 0x41, 0x42, 0x43, 0x44, 0x45, 0xff]);
    expect(isAscii(buffer.subarray(1, 6))).toBe(true);
    expect(isAscii(buffer)).toBe(false);
  });

  it('lets decodeUtf8 decode ASCII whole, with the same result and the same strictness', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)), maxLength: 80 }), (text) => {
        const bytes = new TextEncoder().encode(text);
        expect(isAscii(bytes)).toBe(true);
        expect(decodeUtf8(bytes, 3)).toBe(text);
      }),
    );
  });
});
