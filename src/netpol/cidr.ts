/** IPv4/IPv6 address ranges as inclusive [start, end] intervals, for ipBlock matching. */

export interface AddressRange {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(p));
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (s: string) => (s === '' ? [] : s.split(':'));
  const head = group(halves[0] ?? '');
  const tail = halves.length === 2 ? group(halves[1] ?? '') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  let value = 0n;
  for (const g of [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

/** `10.0.0.0/8`, `fd00::/8`; a bare address is a single-address range. Undefined when malformed. */
export function parseCidr(text: string): AddressRange | undefined {
  const [addr = '', bitsText] = text.trim().split('/');
  const family = addr.includes(':') ? 6 : 4;
  const width = family === 4 ? 32 : 128;
  const base = family === 4 ? parseV4(addr) : parseV6(addr);
  if (base === undefined) return undefined;
  const bits = bitsText === undefined ? width : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!(bits >= 0 && bits <= width)) return undefined;
  const hostBits = BigInt(width - bits);
  const start = (base >> hostBits) << hostBits;
  return { family, start, end: start + (1n << hostBits) - 1n };
}

export type Overlap = 'all' | 'some' | 'none';

/** How much of `target` lies in `block` minus every `except`. */
export function overlap(target: AddressRange, block: AddressRange, except: AddressRange[]): Overlap {
  if (target.family !== block.family) return 'none';
  // The parts of `target` inside `block`, then carve the excepts out of them.
  let pieces: [bigint, bigint][] = [];
  const lo = target.start > block.start ? target.start : block.start;
  const hi = target.end < block.end ? target.end : block.end;
  if (lo <= hi) pieces.push([lo, hi]);
  for (const ex of except) {
    if (ex.family !== target.family) continue;
    const next: [bigint, bigint][] = [];
    for (const [s, e] of pieces) {
      if (ex.end < s || ex.start > e) {
        next.push([s, e]);
        continue;
      }
      if (ex.start > s) next.push([s, ex.start - 1n]);
      if (ex.end < e) next.push([ex.end + 1n, e]);
    }
    pieces = next;
  }
  if (pieces.length === 0) return 'none';
  const covered = pieces.reduce((sum, [s, e]) => sum + (e - s + 1n), 0n);
  return covered === target.end - target.start + 1n ? 'all' : 'some';
}

/**
 * Where clusters give pods (and nodes) their addresses in practice: the private and shared
 * ranges (RFC 1918, RFC 6598) and IPv6 unique-local addresses. An ipBlock reaching into these
 * may or may not match pod traffic, depending on the network plugin.
 */
export const POD_ADDRESS_SPACE: AddressRange[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map((c) => parseCidr(c) as AddressRange);

export function formatRange(range: AddressRange): string {
  if (range.family === 4) {
    const ip = (v: bigint) => [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
    return range.start === range.end ? ip(range.start) : `${ip(range.start)}-${ip(range.end)}`;
  }
  const ip = (v: bigint) => Array.from({ length: 8 }, (_, i) => ((v >> BigInt((7 - i) * 16)) & 0xffffn).toString(16)).join(':');
  return range.start === range.end ? ip(range.start) : `${ip(range.start)}-${ip(range.end)}`;
}
