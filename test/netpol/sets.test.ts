import { describe, expect, it } from 'vitest';
import { formatRange, overlap, parseCidr } from '../../src/netpol/cidr.js';
import { PortSet } from '../../src/netpol/ports.js';

describe('CIDR ranges', () => {
  const r = (t: string) => parseCidr(t)!;

  it('parses IPv4 and IPv6 and normalises host bits', () => {
    expect(formatRange(r('10.1.2.3/16'))).toBe('10.1.0.0-10.1.255.255');
    expect(r('fd00::/8').end - r('fd00::/8').start + 1n).toBe(1n << 120n);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('300.0.0.0/8')).toBeUndefined();
    expect(parseCidr('1::2::3/64')).toBeUndefined();
  });

  it('measures how much of a range lies in cidr minus except', () => {
    expect(overlap(r('10.1.0.0/16'), r('10.0.0.0/8'), [r('10.10.0.0/16')])).toBe('all');
    expect(overlap(r('10.10.5.5/32'), r('10.0.0.0/8'), [r('10.10.0.0/16')])).toBe('none');
    expect(overlap(r('10.0.0.0/8'), r('10.0.0.0/8'), [r('10.10.0.0/16')])).toBe('some');
    expect(overlap(r('fd00::1/128'), r('10.0.0.0/8'), [])).toBe('none');
  });
});

describe('port sets', () => {
  it('unions, intersects and subtracts intervals', () => {
    const a = PortSet.range(80, 90).union(PortSet.of(443)).union(PortSet.range(91, 95));
    expect(a.describe()).toBe('80-95, 443');
    expect(a.intersect(PortSet.range(90, 500)).describe()).toBe('90-95, 443');
    expect(PortSet.ALL.minus(a).has(79)).toBe(true);
    expect(PortSet.ALL.minus(a).has(85)).toBe(false);
    expect(PortSet.range(10, 1).isEmpty).toBe(true);
    expect(PortSet.range(0, 70000).isAll).toBe(true);
  });
});
