/** Sets of ports of one protocol, as sorted disjoint inclusive intervals within 1..65535. */

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export type Interval = readonly [number, number];

export class PortSet {
  private constructor(readonly intervals: readonly Interval[]) {}

  static readonly EMPTY = new PortSet([]);
  static readonly ALL = new PortSet([[MIN_PORT, MAX_PORT]]);

  static range(from: number, to: number): PortSet {
    const lo = Math.max(MIN_PORT, from);
    const hi = Math.min(MAX_PORT, to);
    return lo <= hi ? new PortSet([[lo, hi]]) : PortSet.EMPTY;
  }

  static of(port: number): PortSet {
    return PortSet.range(port, port);
  }

  get isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  get isAll(): boolean {
    const first = this.intervals[0];
    return this.intervals.length === 1 && first !== undefined && first[0] === MIN_PORT && first[1] === MAX_PORT;
  }

  has(port: number): boolean {
    return this.intervals.some(([lo, hi]) => port >= lo && port <= hi);
  }

  // Verdicts combine these sets for every pair of ends, mostly with ALL or EMPTY: answer those without allocating.
  union(other: PortSet): PortSet {
    if (other.isEmpty || this.isAll) return this;
    if (this.isEmpty || other.isAll) return other;
    return PortSet.normalized([...this.intervals, ...other.intervals]);
  }

  private static normalized(intervals: Interval[]): PortSet {
    const out: [number, number][] = [];
    for (const [lo, hi] of [...intervals].sort((a, b) => a[0] - b[0])) {
      const last = out[out.length - 1];
      if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
      else out.push([lo, hi]);
    }
    return new PortSet(out);
  }

  intersect(other: PortSet): PortSet {
    if (this.isEmpty || other.isAll) return this;
    if (other.isEmpty || this.isAll) return other;
    const out: Interval[] = [];
    for (const [a, b] of this.intervals) {
      for (const [c, d] of other.intervals) {
        const lo = Math.max(a, c);
        const hi = Math.min(b, d);
        if (lo <= hi) out.push([lo, hi]);
      }
    }
    return PortSet.normalized(out);
  }

  minus(other: PortSet): PortSet {
    if (other.isEmpty || this.isEmpty) return this;
    if (other.isAll) return PortSet.EMPTY;
    let out: Interval[] = [...this.intervals];
    for (const [c, d] of other.intervals) {
      const next: Interval[] = [];
      for (const [a, b] of out) {
        if (d < a || c > b) next.push([a, b]);
        else {
          if (c > a) next.push([a, c - 1]);
          if (d < b) next.push([d + 1, b]);
        }
      }
      out = next;
    }
    return new PortSet(out);
  }

  /** "53", "8000-8080, 9090", "all", "none". */
  describe(): string {
    if (this.isEmpty) return 'none';
    if (this.isAll) return 'all';
    return this.intervals.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(', ');
  }

  toJSON(): string[] {
    return this.intervals.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`));
  }
}

export function asProtocol(value: unknown): Protocol | undefined {
  return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value) ? (value as Protocol) : undefined;
}
