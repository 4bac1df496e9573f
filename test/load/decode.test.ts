import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, firstInvalidUtf8 } from '../../src/load/decode.js';

function nativeValid(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('decode', () => {
  it('agrees with the platform decoder on what is valid UTF-8, and the prefix before the fault is valid', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 32 }),
      fc.string({ unit: 'grapheme', maxLength: 16 }).map((s) => new Uint8Array(Buffer.from(s))),
      fc.tuple(fc.string({ maxLength: 8 }), fc.uint8Array({ minLength: 1, maxLength: 3 })).map(([s, tail]) => new Uint8Array([...Buffer.from(s), ...tail])),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const at = firstInvalidUtf8(b);
        expect(at === -1).toBe(nativeValid(b));
        if (at !== -1) {
          expect(nativeValid(b.subarray(0, at))).toBe(true);
          expect(nativeValid(b.subarray(0, at + 1))).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('rejects overlong forms, surrogates and code points past U+10FFFF', () => {
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xe0, 0x80, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0xf0, 0x9f, 0x98, 0x80]))).toBe(-1);
  });

  it('strips byte order marks and keeps the text before a fault for locating it', () => {
    expect(decode(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: 'a' });
    expect(decode(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toEqual({ text: 'a' });
    expect(decode(Buffer.from([0xfe, 0xff, 0x00, 0x61, 0x00]))).toEqual({ text: 'a' });
    const bad = decode(Buffer.from('a: é\nb: \xff', 'latin1'));
    expect(bad).toMatchObject({ before: 'a: ' });
    expect('error' in bad && bad.error).toMatch(/not valid UTF-8 text \(byte 0xe9 at byte offset 3\)/);
  });
});
