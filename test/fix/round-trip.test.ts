/**
 * Every repair a rule offers, applied to its example and to layouts that examples do not use
 * (CRLF line ends, a commented header, an unrelated document with flow collections and
 * quoted scalars around it): the text changes only inside the reported replacement, the
 * other bytes stay as they were, the re-lint no longer shows the finding and shows no new one,
 * and a second --fix changes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { Finding, ProposedFix } from '../../src/engine/types.js';
import { applyChanges, changeBetween } from '../../src/fix/apply-edits.js';
import { fixSources } from '../../src/fix/fixer.js';
import { lintSources } from '../../src/lint.js';

type Source = { path: string; text: string };

const examplesDir = path.resolve(__dirname, '../../examples');

function exampleOf(id: string): Source[] {
  const dir = path.join(examplesDir, id);
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ path: `${id}/${f}`, text: readFileSync(path.join(dir, f), 'utf8') }));
}

/** Around each file: a commented header, and after it an unrelated document in flow style with quoted scalars. */
const OTHER_DOC = `---
# an unrelated object, kept byte for byte
{apiVersion: v1, kind: ConfigMap, metadata: {name: 'untouched-cm', namespace: "default"}, data: {'k': "v # not a comment", n: '0755'}}
`;

const LAYOUTS: Record<string, (text: string) => string> = {
  example: (t) => t,
  'commented, with another document': (t) => `# header comment: keep me\n\n${t.endsWith('\n') ? t : `${t}\n`}${OTHER_DOC}`,
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
};

const fixable = rules.filter((r) => r.meta.fixable);

function repairsOf(findings: Finding[], ruleId: string): { finding: Finding; repair: ProposedFix; kind: 'fix' | 'suggestion' }[] {
  return findings
    .filter((f) => f.ruleId === ruleId)
    .flatMap((finding) => [
      ...(finding.autofix ? [{ finding, repair: finding.autofix, kind: 'fix' as const }] : []),
      ...finding.suggestions.map((repair) => ({ finding, repair, kind: 'suggestion' as const })),
    ]);
}

/** The sources with one repair's changes applied. */
function applied(sources: Source[], repair: ProposedFix): Source[] {
  return sources.map((s) => {
    const change = repair.changes.find((c) => c.file === s.path);
    if (!change) return s;
    return { ...s, text: applyChanges(s.text, change.replacements).text };
  });
}

describe('every fixable rule offers a repair on its example', () => {
  it.each(fixable.map((r) => r.meta.id))('%s', (id) => {
    const findings = lintSources(exampleOf(id)).result.findings;
    expect(repairsOf(findings, id).length).toBeGreaterThan(0);
  });
  it('at least ten rules offer repairs, their meta says why', () => {
    expect(fixable.length).toBeGreaterThanOrEqual(10);
    for (const r of fixable) expect(Object.values(r.meta.fixable ?? {}).every((why) => why.length > 40)).toBe(true);
  });
});

describe.each(Object.entries(LAYOUTS))('round trip (%s)', (_layout, transform) => {
  it.each(fixable.map((r) => r.meta.id))('%s', (id) => {
    const sources = exampleOf(id).map((s) => ({ ...s, text: transform(s.text) }));
    const before = lintSources(sources).result.findings;
    const repairs = repairsOf(before, id);
    expect(repairs.length).toBeGreaterThan(0);
    for (const { finding, repair } of repairs) {
      expect(repair.notApplicable).toBeNull();
      const after = applied(sources, repair);
      for (const [i, source] of sources.entries()) {
        const change = changeBetween(source.text, after[i]!.text);
        if (!change) continue;
        const replacements = repair.changes.find((c) => c.file === source.path)?.replacements ?? [];
        // Everything outside the reported replacement is byte-identical.
        const lo = Math.min(...replacements.map((r) => r.offset));
        const hi = Math.max(...replacements.map((r) => r.offset + r.length));
        expect(change.offset).toBeGreaterThanOrEqual(lo);
        expect(change.offset + change.length).toBeLessThanOrEqual(hi);
        expect(after[i]!.text.slice(0, lo)).toBe(source.text.slice(0, lo));
        expect(after[i]!.text.slice(after[i]!.text.length - (source.text.length - hi))).toBe(source.text.slice(hi));
        if (source.text.includes('\r\n')) expect(after[i]!.text.replace(/\r\n/g, '')).not.toMatch(/\n/);
        if (source.text.includes(OTHER_DOC)) expect(after[i]!.text).toContain(OTHER_DOC);
      }
      const relinted = lintSources(after).result.findings;
      const known = new Set(before.map((f) => f.fingerprint));
      expect(relinted.map((f) => f.fingerprint)).not.toContain(finding.fingerprint);
      expect(relinted.filter((f) => !known.has(f.fingerprint)).map((f) => `${f.ruleId}/${f.messageId}: ${f.message}`)).toEqual([]);
    }
  });
});

describe('--fix over the examples', () => {
  it.each(fixable.filter((r) => r.meta.fixable?.fix).map((r) => r.meta.id))('%s: cures its fixes, and a second run changes nothing', (id) => {
    const sources = exampleOf(id);
    const first = fixSources(sources);
    const cured = lintSources(sources).result.findings.filter((f) => f.ruleId === id && f.autofix);
    if (cured.length === 0) return;
    expect(first.applied).toBeGreaterThan(0);
    const remaining = first.outcome.result.findings.map((f) => f.fingerprint);
    for (const f of cured) expect(remaining).not.toContain(f.fingerprint);
    const fixedSources = [...first.texts].map(([p, text]) => ({ path: p, text }));
    const second = fixSources(fixedSources);
    expect(second.applied).toBe(0);
    expect([...second.texts]).toEqual([...first.texts]);
  });
});
