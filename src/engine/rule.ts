/** The one way to write a rule: metadata plus one check over the graph. */
import type { Rule, RuleContext, RuleMeta } from './types.js';

const ID_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function defineRule(rule: { meta: RuleMeta; check: (ctx: RuleContext) => void }): Rule {
  const { meta } = rule;
  if (!ID_RE.test(meta.id)) throw new Error(`rule id "${meta.id}" must be kebab-case`);
  for (const field of ['description', 'why', 'fix'] as const) {
    if (!meta[field].trim()) throw new Error(`rule ${meta.id}: meta.${field} is empty`);
  }
  // reads are often assembled from the kind lists of several facts: keep each kind once
  return Object.freeze({ meta: Object.freeze({ ...meta, reads: [...new Set(meta.reads)] }), check: rule.check });
}
