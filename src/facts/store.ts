/**
 * The memo of one run: each fact computed at most once over one model. A fact (or a rule) may
 * only use the facts it declares, so declared uses stay true: an undeclared use throws at once,
 * on every input, instead of silently skewing which kinds a rule is said to read.
 */
import type { Model } from '../model/model.js';
import type { AnyFact, Fact, FactContext } from './define.js';

export interface Analysis {
  readonly model: Model;
  /** any fact: for `trace`, `graph` and tests, which are not rules with declared uses */
  use<T>(fact: Fact<T>): T;
}

export class FactStore implements Analysis {
  private readonly values = new Map<AnyFact, unknown>();
  private readonly computing = new Set<AnyFact>();

  constructor(readonly model: Model) {}

  /** bound to the store: trace and the picture destructure `{ model, use }` from the analysis */
  readonly use = <T>(fact: Fact<T>): T => {
    if (this.values.has(fact)) return this.values.get(fact) as T;
    if (this.computing.has(fact)) throw new Error(`fact ${fact.id} depends on itself`);
    this.computing.add(fact);
    try {
      const value = fact.compute(this.contextFor(fact.id, fact.uses));
      this.values.set(fact, value);
      return value;
    } finally {
      this.computing.delete(fact);
    }
  };

  /** A context that allows only the declared facts: for a fact's computation or a rule's check. */
  contextFor(owner: string, declared: readonly AnyFact[]): FactContext {
    const allowed = new Set(declared);
    return {
      model: this.model,
      use: <T>(fact: Fact<T>): T => {
        if (!allowed.has(fact)) throw new Error(`${owner} uses fact ${fact?.id ?? String(fact)} without declaring it in uses`);
        return this.use(fact);
      },
    };
  }
}
