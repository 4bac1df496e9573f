/**
 * A strict rule tester in the manner of ESLint's RuleTester: valid cases must yield nothing
 * from the rule, invalid cases must yield exactly the listed findings, each asserted by line
 * and column. A case that expects nothing is refused, so a test cannot pass vacuously.
 */
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding, Rule, Severity } from '../../src/engine/types.js';
import type { ClusterSettings as ClusterFacts } from '../../src/model/settings.js';
import { lintSources } from '../../src/lint.js';

export type Files = Record<string, string>;

export interface ValidCase {
  name: string;
  files: Files;
  facts?: Partial<ClusterFacts>;
}

export interface ExpectedFinding {
  line: number;
  column: number;
  /** defaults to the first file of the case */
  file?: string;
  severity?: Severity;
  /** a substring or pattern the message must contain */
  message?: string | RegExp;
  /** related locations as "file:line:column", in order */
  related?: string[];
}

export interface InvalidCase extends ValidCase {
  findings: ExpectedFinding[];
}

export function findingsOf(rule: Rule, files: Files, facts?: Partial<ClusterFacts>): Finding[] {
  const outcome = lintSources(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { rules: [rule], settings: facts },
  );
  return outcome.result.findings.filter((f) => f.ruleId === rule.meta.id);
}

export function testRule(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  // Migration to fixture folders: record the cases (scripts outside the project turn them into YAML fixtures).
  if (process.env.HEADLESS_LINT_CAPTURE) appendFileSync(process.env.HEADLESS_LINT_CAPTURE, `${JSON.stringify({ rule: rule.meta.id, valid: cases.valid, invalid: cases.invalid })}\n`);
  describe(rule.meta.id, () => {
    if (cases.valid.length === 0 || cases.invalid.length === 0) {
      it('has valid and invalid cases', () => {
        throw new Error(`${rule.meta.id}: a rule needs at least one valid and one invalid case`);
      });
    }
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const found = findingsOf(rule, c.files, c.facts);
        expect(found.map(describeFinding)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        if (c.findings.length === 0) throw new Error('an invalid case must expect at least one finding');
        const firstFile = Object.keys(c.files)[0] as string;
        const found = findingsOf(rule, c.files, c.facts);
        expect(found.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(c.findings.map((e) => `${e.file ?? firstFile}:${e.line}:${e.column}`));
        c.findings.forEach((e, i) => {
          const f = found[i] as Finding;
          expect(f.severity).toBe(e.severity ?? rule.meta.severity);
          if (typeof e.message === 'string') expect(f.message).toContain(e.message);
          else if (e.message) expect(f.message).toMatch(e.message);
          if (e.related) expect(f.related.map((r) => `${r.file}:${r.line}:${r.column}`)).toEqual(e.related);
        });
      });
    }
  });
}

function describeFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`;
}

/** Joins YAML documents; keeps test fixtures readable. */
export function yaml(...docs: string[]): string {
  return docs.map((d) => d.replace(/^\n/, '')).join('---\n');
}
