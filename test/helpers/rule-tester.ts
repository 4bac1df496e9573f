/**
 * For the few rule tests a fixture file cannot hold (bytes that are not UTF-8, file order, one rule
 * beside another): lint in-memory files with one rule and keep its findings. Every other rule case
 * is a fixture under test/rules/<id>/ (test/helpers/fixtures.ts).
 */
import type { Finding, Rule } from '../../src/engine/types.js';
import { lintSources } from '../../src/lint.js';
import type { ClusterSettings } from '../../src/model/settings.js';

export type Files = Record<string, string>;

export function findingsOf(rule: Rule, files: Files, settings?: Partial<ClusterSettings>): Finding[] {
  const outcome = lintSources(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { rules: [rule], settings },
  );
  return outcome.result.findings.filter((f) => f.ruleId === rule.meta.id);
}

/** Joins YAML documents; keeps test fixtures readable. */
export function yaml(...docs: string[]): string {
  return docs.map((d) => d.replace(/^\n/, '')).join('---\n');
}
