/**
 * The one way to define a derived fact: the kinds it reads itself, the facts it builds on, and
 * one pure computation over the model. The engine computes each fact once per run, on first
 * use; rules and `trace` read the same value, so they cannot disagree.
 */
import type { Model } from '../model/model.js';

export interface FactContext {
  readonly model: Model;
  /** the value of a fact this one declares in `uses` */
  use<T>(fact: Fact<T>): T;
}

export interface Fact<T> {
  readonly id: string;
  /** one line: what the fact answers */
  readonly description: string;
  /** kinds the computation reads from the model itself ('' = Helm values documents) */
  readonly reads: readonly string[];
  readonly uses: readonly AnyFact[];
  readonly compute: (ctx: FactContext) => T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFact = Fact<any>;

const ID_RE = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/;

export function defineFact<T>(definition: { id: string; description: string; reads?: readonly string[]; uses?: readonly AnyFact[]; compute: (ctx: FactContext) => T }): Fact<T> {
  if (!ID_RE.test(definition.id)) throw new Error(`fact id "${definition.id}" must be dotted camelCase (area.name)`);
  for (const used of definition.uses ?? []) {
    if (!used) throw new Error(`fact ${definition.id}: a fact in uses is undefined (an import cycle?)`);
  }
  return Object.freeze({
    id: definition.id,
    description: definition.description,
    reads: Object.freeze([...new Set(definition.reads ?? [])]),
    uses: Object.freeze([...(definition.uses ?? [])]),
    compute: definition.compute,
  });
}

/** Every kind a fact reads, itself or through the facts it uses. */
export function kindsOf(facts: readonly AnyFact[]): string[] {
  const kinds = new Set<string>();
  const seen = new Set<AnyFact>();
  const visit = (fact: AnyFact) => {
    if (seen.has(fact)) return;
    seen.add(fact);
    for (const kind of fact.reads) kinds.add(kind);
    for (const used of fact.uses) visit(used);
  };
  facts.forEach(visit);
  return [...kinds];
}
