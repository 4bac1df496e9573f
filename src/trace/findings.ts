/**
 * Which lint findings concern which hop: each rule's meta says the hops its findings explain
 * (meta.hops, from meta.trace or its cause) and what a finding must be about to concern a
 * trace (meta.trace.scope): a resource the hop looked at, the whole cluster, or a manifest that
 * is the hop's own subject.
 */
import type { Finding, Rule } from '../engine/types.js';
import type { Resource } from '../load/resource.js';
import type { Hop } from './model.js';

const keyOf = (kind: string, namespace: string | null, name: string) => `${kind}\u0000${namespace ?? ''}\u0000${name}`;

export class HopFindings {
  private readonly byId: Map<string, Rule>;

  constructor(rules: readonly Rule[]) {
    this.byId = new Map(rules.map((r) => [r.meta.id, r]));
  }

  /** The findings that concern this hop. */
  of(hop: Hop, findings: readonly Finding[], inPlay: boolean, pathResources: readonly Resource[]): Finding[] {
    const keys = new Set([...hop.resources, ...pathResources].map((r) => keyOf(r.kind, r.ref.namespace, r.name)));
    const ownKeys = new Set([...hop.subjects].map((r) => keyOf(r.kind, r.ref.namespace, r.name)));
    return findings.filter((f) => {
      const meta = this.byId.get(f.ruleId)?.meta;
      if (!meta?.hops.includes(hop.name)) return false;
      const scope = meta.trace?.scope ?? 'resource';
      if (scope === 'cluster') return inPlay;
      if (f.resource === null) return false;
      const key = keyOf(f.resource.kind, f.resource.namespace, f.resource.name);
      return scope === 'input' ? ownKeys.has(key) : keys.has(key);
    });
  }

  /**
   * The hop computes the rule's fact itself for this very caller and target: the finding explains
   * a broken hop but does not decide it (one about another caller of the same pods would
   * otherwise break this trace).
   */
  judgedByHop(f: Finding): boolean {
    return this.byId.get(f.ruleId)?.meta.trace?.judgedByHop === true;
  }
}
