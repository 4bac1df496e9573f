/**
 * Baselines: matched by fingerprint, not by line, so lines moving above a finding keep it
 * baselined; a renamed file keeps its findings baselined while the old name is gone from the
 * input; a fixed finding leaves an unused entry; a new finding is reported. The file is sorted
 * and stable.
 */
import { describe, expect, it } from 'vitest';
import { applyBaseline, baselineOf, formatBaseline, parseBaseline } from '../../src/baseline/baseline.js';
import { lintSources } from '../../src/lint.js';

const SERVICE = (name: string, ip = 'none') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: data\nspec:\n  clusterIP: ${ip}\n  ports:\n    - name: tcp-pg\n      port: 5432\n`;

const findings = (sources: { path: string; text: string }[]) => lintSources(sources).result.findings.filter((f) => f.ruleId === 'invalid-headless-cluster-ip');
const linted = (sources: { path: string }[]) => new Set(sources.map((s) => s.path));

function baselineFor(sources: { path: string; text: string }[]) {
  const text = formatBaseline(baselineOf(lintSources(sources).result.findings));
  return { text, entries: parseBaseline(text, 'baseline.json') };
}

describe('baseline', () => {
  const original = [{ path: 'svc.yaml', text: SERVICE('db') }];
  const { text, entries } = baselineFor(original);

  it('accepts the findings it was written from', () => {
    const match = applyBaseline(findings(original), entries, linted(original));
    expect(match.kept).toEqual([]);
    expect(match.baselined.length).toBe(1);
    expect(match.unused).toEqual([]);
  });

  it('moved lines: comments and documents added above keep the finding baselined', () => {
    const moved = [{ path: 'svc.yaml', text: `# a comment\n# another\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: data}\n---\n${SERVICE('db')}` }];
    expect(findings(moved)[0]!.line).not.toBe(findings(original)[0]!.line);
    expect(applyBaseline(findings(moved), entries, linted(moved)).kept).toEqual([]);
  });

  it('renamed file: the same resource in a new file stays baselined while the old file is gone', () => {
    const renamed = [{ path: 'services/db.yaml', text: SERVICE('db') }];
    expect(applyBaseline(findings(renamed), entries, linted(renamed)).kept).toEqual([]);
    // A copy in another file while the original is still linted is a new finding.
    const copied = [...original, { path: 'services/db.yaml', text: SERVICE('db') }];
    expect(applyBaseline(findings(copied), entries, linted(copied)).kept.map((f) => f.file)).toEqual(['services/db.yaml']);
  });

  it('removed findings leave unused entries; new findings are kept', () => {
    const fixed = [{ path: 'svc.yaml', text: SERVICE('db', 'None') }];
    expect(applyBaseline(findings(fixed), entries, linted(fixed)).unused.map((e) => e.line)).toEqual([4]);
    const added = [...original, { path: 'other.yaml', text: SERVICE('cache') }];
    expect(applyBaseline(findings(added), entries, linted(added)).kept.map((f) => f.resource?.name)).toEqual(['cache']);
  });

  it('counts identical findings', () => {
    const two = [{ path: 'svc.yaml', text: `${SERVICE('db')}---\n${SERVICE('db')}` }];
    const b = baselineFor(two);
    expect(b.entries.find((e) => e.ruleId === 'invalid-headless-cluster-ip')?.count).toBe(2);
    expect(applyBaseline(findings(two), b.entries, linted(two)).kept).toEqual([]);
    expect(applyBaseline(findings([...two, { path: 'x.yaml', text: SERVICE('db') }]), b.entries, new Set(['svc.yaml', 'x.yaml'])).kept.length).toBe(1);
  });

  it('is sorted and stable: written twice, byte-identical, whatever the input order', () => {
    const many = [
      { path: 'b.yaml', text: SERVICE('b') },
      { path: 'a.yaml', text: SERVICE('a') },
    ];
    expect(baselineFor(many).text).toBe(baselineFor([...many].reverse()).text);
    expect(JSON.parse(baselineFor(many).text).entries.map((e: { file: string }) => e.file)).toEqual(['a.yaml', 'b.yaml']);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('rejects a file that is not a baseline, naming it', () => {
    expect(() => parseBaseline('{"version": 2}', 'b.json')).toThrow(/b\.json/);
    expect(() => parseBaseline('nope', 'b.json')).toThrow(/b\.json: not a baseline/);
  });
});
