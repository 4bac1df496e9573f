/**
 * Conformance with istioctl analyze on its own test inputs: for each analyzer whose checks
 * headless-lint overlaps (OVERLAP), every expected message is answered by a finding on the same
 * resource, and those messages report nothing analyze does not expect. Skips without ../shared.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { lint } from '../../src/lint.js';
import { answers, conformanceDir, DIVERGENCES, OVERLAP, parseOrigin, readCases, type Answer, type Case, type Expected } from './istio-analyze.js';

const dir = conformanceDir();
const cases = dir ? readCases(dir) : [];

function findingsOf(c: Case): Finding[] {
  // Multi-cluster cases name their inputs by cluster: linted as the clusters of one run (--cluster).
  const clusters = Array.isArray(c.inputs) ? undefined : Object.entries(c.inputs).map(([name, paths]) => ({ name, paths }));
  const { result, inputErrors } = lint({ paths: clusters ? [] : (c.inputs as string[]), clusters, cwd: dir, useIgnoreFile: false });
  expect(inputErrors).toEqual([]);
  return result.findings;
}

function onResource(expected: Expected, answer: Answer, finding: Finding): boolean {
  const want = parseOrigin(expected.origin);
  if (answer.placement === 'named') {
    // Analyze omits the namespace where the input does; the loader puts such resources in default.
    const display = `${want.kind} ${want.namespace ?? 'default'}/${want.name}`;
    return finding.message.includes(display);
  }
  const got = finding.resource;
  if (!got || got.kind !== want.kind || got.name !== want.name) return false;
  return want.namespace === undefined ? !got.namespace || got.namespace === 'default' : got.namespace === want.namespace;
}

/** Expected messages left unanswered, and findings that answer nothing analyze expects. */
function compare(c: Case, findings: Finding[]): { missing: string[]; extra: string[] } {
  const codes = OVERLAP[c.analyzer] ?? {};
  const claimed = findings.filter((f) => Object.values(codes).some((a) => answers(a, f)));
  const used = new Set<Finding>();
  const missing: string[] = [];
  // A divergence excuses one unanswered message; analyze may expect the same code on one resource twice.
  const unanswered = new Map<string, number>();
  for (const expected of c.expected) {
    const answer = codes[expected.code];
    if (!answer) continue;
    const match = claimed.find((f) => !used.has(f) && answers(answer, f) && onResource(expected, answer, f));
    const excused = DIVERGENCES.some((d) => d.case === c.name && d.code === expected.code && d.origin === expected.origin);
    const key = `${expected.code} ${expected.origin}`;
    if (match) used.add(match);
    else if (excused) unanswered.set(key, (unanswered.get(key) ?? 0) + 1);
    else missing.push(key);
  }
  for (const d of DIVERGENCES.filter((d) => d.case === c.name && codes[d.code])) {
    if (!unanswered.has(`${d.code} ${d.origin}`)) missing.push(`${d.code} ${d.origin} is answered now: drop it from DIVERGENCES`);
  }
  const extra = claimed.filter((f) => !used.has(f)).map((f) => `${f.ruleId}/${f.messageId} ${f.resource?.kind} ${f.resource?.namespace ?? ''}/${f.resource?.name}`);
  return { missing, extra };
}

describe.skipIf(!dir)('istioctl analyze conformance (../shared/conformance/istio-analyze)', () => {
  const overlapping = cases.filter((c) => OVERLAP[c.analyzer]);

  it('reads the expectations and claims only analyzers and codes that exist there', () => {
    expect(cases.length).toBeGreaterThan(20);
    const analyzers = new Set(cases.map((c) => c.analyzer));
    for (const analyzer of Object.keys(OVERLAP)) expect(analyzers, analyzer).toContain(analyzer);
  });

  for (const c of overlapping) {
    it(`${c.analyzer}: ${c.name}`, () => {
      expect(compare(c, findingsOf(c))).toEqual({ missing: [], extra: [] });
    });
  }

  it('answers a share of analyze\'s expected messages', () => {
    const all = cases.flatMap((c) => c.expected.map((e) => ({ c, e })));
    const answered = all.filter(({ c, e }) => OVERLAP[c.analyzer]?.[e.code] && !DIVERGENCES.some((d) => d.case === c.name && d.code === e.code && d.origin === e.origin));
    // The share only grows as checks are added; a claim withdrawn must lower this on purpose.
    expect(answered.length).toBeGreaterThanOrEqual(47);
  });
});
