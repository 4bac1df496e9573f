/**
 * Bytes to text, as kubectl would accept them: UTF-8 (with or without a byte order mark) and
 * UTF-16 with a byte order mark. Anything else is reported at the first offending byte, so a
 * user can find it, instead of being parsed into a cascade of syntax errors.
 */

export type Decoded = { text: string } | { error: string; /** text before the offending byte, to locate it */ before: string };

export function decode(bytes: Buffer): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le') };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    swapped.swap16();
    return { text: swapped.toString('utf16le') };
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  const nul = body.indexOf(0);
  if (nul === -1) {
    // The native decoder settles the common case fast; the byte loop below only locates a fault.
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
    } catch {
      // fall through to locate the first invalid byte
    }
  }
  const invalid = firstInvalidUtf8(body);
  if (nul !== -1) {
    const first = invalid === -1 ? nul : Math.min(nul, invalid);
    return { error: describeBinary(body), before: prefix(body, first) };
  }
  if (invalid !== -1) {
    return { error: `not valid UTF-8 text (byte 0x${(body[invalid] as number).toString(16).padStart(2, '0')} at byte offset ${invalid + start}); save the file as UTF-8`, before: prefix(body, invalid) };
  }
  return { text: body.toString('utf8') };
}

const GIT_CRYPT_MAGIC = Buffer.from('\u0000GITCRYPT\u0000', 'latin1');

function describeBinary(body: Buffer): string {
  if (body.subarray(0, GIT_CRYPT_MAGIC.length).equals(GIT_CRYPT_MAGIC)) {
    return 'git-crypt encrypted file, not a manifest; lint the decrypted files or list this one in .headless-lintignore';
  }
  if (looksLikeUtf16WithoutBom(body)) return 'UTF-16 text without a byte order mark; save the file as UTF-8';
  return 'binary file (contains NUL bytes), not a manifest; list it in .headless-lintignore if it belongs there';
}

function looksLikeUtf16WithoutBom(body: Buffer): boolean {
  const sample = body.subarray(0, 512);
  if (sample.length < 4) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  const half = sample.length / 2;
  return (evenNul > half * 0.9 && oddNul === 0) || (oddNul > half * 0.9 && evenNul === 0);
}

/** The valid text before `offset`, decoded leniently (only used to compute a line and column). */
function prefix(body: Buffer, offset: number): string {
  return body.subarray(0, offset).toString('utf8');
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
