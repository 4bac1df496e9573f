/**
 * One connection, hop by hop: what each hop found (checks, each with the manifest place behind
 * it), its verdict, and the lint findings that concern it.
 */
import type { Finding, HopName } from '../engine/types.js';
import type { Located, Path } from '../load/parser.js';
import type { Resource } from '../load/resource.js';

export type HopVerdict = 'ok' | 'broken' | 'unknown';

export type { HopName };

export interface Check {
  verdict: HopVerdict;
  message: string;
  /** the field the check read; absent when it rests on a default */
  at?: At;
}

/** A field of a resource, or a place inside its embedded text (a Corefile, mesh config). */
export interface At {
  resource: Resource;
  path?: Path;
  located?: Located;
}

export interface Hop {
  name: HopName;
  title: string;
  checks: Check[];
  /** resources the hop looked at, to attach the findings that concern them */
  resources: Set<Resource>;
  /** the manifests the hop is about (the caller's for DNS, the Service's and its pods' for the Service) */
  subjects: Set<Resource>;
}

export interface Place {
  file: string;
  line: number;
  column: number;
}

export interface TracedHop {
  index: number;
  name: HopName;
  title: string;
  verdict: HopVerdict;
  checks: (Omit<Check, 'at'> & { where?: Place })[];
  findings: Finding[];
  /** rule ids of the findings, when the hop is not ok */
  rules: string[];
}

export interface TraceResult {
  from: string;
  to: string;
  port?: number;
  /** in a multi-cluster trace (--cluster): the cluster the caller was found in */
  cluster?: string;
  /** the Istio release the hops were judged by */
  istio: { version: string; source: string; detail: string; assumed: boolean };
  verdict: HopVerdict;
  /** one line */
  summary: string;
  hops: TracedHop[];
}

const RANK: Record<HopVerdict, number> = { ok: 0, unknown: 1, broken: 2 };

export function worst(verdicts: Iterable<HopVerdict>): HopVerdict {
  let out: HopVerdict = 'ok';
  for (const v of verdicts) if (RANK[v] > RANK[out]) out = v;
  return out;
}

/** A hop under construction: checks are added with the resource they read. */
export class HopBuilder implements Hop {
  readonly checks: Check[] = [];
  readonly resources = new Set<Resource>();
  readonly subjects = new Set<Resource>();

  constructor(
    readonly name: HopName,
    readonly title: string,
  ) {}

  add(verdict: HopVerdict, message: string, at?: At): this {
    this.checks.push(at ? { verdict, message, at } : { verdict, message });
    if (at) this.resources.add(at.resource);
    return this;
  }

  ok(message: string, at?: At): this {
    return this.add('ok', message, at);
  }

  broken(message: string, at?: At): this {
    return this.add('broken', message, at);
  }

  unknown(message: string, at?: At): this {
    return this.add('unknown', message, at);
  }

  about(...resources: (Resource | undefined)[]): this {
    for (const r of resources) if (r) this.subjects.add(r);
    return this.involve(...resources);
  }

  involve(...resources: (Resource | undefined)[]): this {
    for (const r of resources) if (r) this.resources.add(r);
    return this;
  }
}
