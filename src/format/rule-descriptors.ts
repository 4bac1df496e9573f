/**
 * Every rule id a result may carry, described: the registered rules plus the engine's own
 * findings (internal errors, bad or unused suppressions), which have no rule file.
 */
import { INTERNAL_ERROR } from '../engine/run.js';
import { DIRECTIVE_RULES } from '../engine/suppress.js';
import type { Rule, Severity } from '../engine/types.js';

export interface RuleDescriptor {
  id: string;
  severity: Severity;
  description: string;
  rule?: Rule;
}

export function ruleDescriptors(rules: readonly Rule[]): RuleDescriptor[] {
  return [
    ...rules.map((rule) => ({ id: rule.meta.id, severity: rule.meta.severity, description: rule.meta.description, rule })),
    ...DIRECTIVE_RULES,
    { id: INTERNAL_ERROR, severity: 'error' as const, description: 'A rule failed while checking the manifests; the other rules still ran.' },
  ];
}

export function ruleDocUrl(repositoryUrl: string, id: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${id}.md`;
}
