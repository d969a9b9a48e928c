import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeNonAscii, stringifyAscii } from '@/lib/snapshot/ascii-json';

const isAsciiText = (text: string) => [...text].every((char) => char.charCodeAt(0) < 0x80);

describe('stringifyAscii', () => {
  it('writes only ASCII, and JSON.parse gives back exactly the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (value, space) => {
        const json = stringifyAscii(value, space);
        expect(isAsciiText(json)).toBe(true);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every kind of string intact: accents, dashes, emoji, lone surrogates, escapes', () => {
    const strings = ['AWQ’s', 'QuIP# — “even better”', 'é', '😀 LLM.int8()', '\ud800 alone', 'tab\tquote"backslash\\', '\u2028\u2029', ''];
    for (const text of strings) {
      const json = stringifyAscii({ text });
      expect(isAsciiText(json), json).toBe(true);
      expect(JSON.parse(json)).toEqual({ text });
    }
    expect(stringifyAscii('é—😀')).toBe('"\\u00e9\\u2014\\ud83d\\ude00"');
  });

  it('returns ASCII JSON as it is', () => {
    const json = JSON.stringify({ name: 'GPTQ', values: [1, 2.5, null] });
    expect(escapeNonAscii(json)).toBe(json);
  });

  it('matches JSON.stringify wherever the value is ASCII, with or without indentation', () => {
    const value = { method: 'AQLM', quote: 'fails at 2 bits', rows: [[1, 'a'], { b: true }] };
    expect(stringifyAscii(value)).toBe(JSON.stringify(value));
    expect(stringifyAscii(value, 2)).toBe(JSON.stringify(value, null, 2));
  });
});
