/**
 * Declared inputs, verified (Istio's analyzer inputs): each rule runs alone, on a fresh graph,
 * over rich inputs, and every kind it asks the graph for (directly or through a derived fact)
 * must be in its meta.reads. The engine skips a rule when none of its reads is present, so a
 * kind missing there could silence a finding.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import type { Finding, Rule } from '../src/engine/types.js';
import { runRules } from '../src/engine/run.js';
import { Graph } from '../src/model/model.js';
import { lint, lintSources } from '../src/lint.js';
import { corpusProjects } from './helpers/corpus.js';
import { statefulSet } from './helpers/headless-fixtures.js';
import { istiod } from './helpers/output-fixtures.js';

const examplesDir = path.resolve(__dirname, '../examples');
const everyKind = path.resolve(__dirname, 'fixtures/every-kind');
const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => path.join(examplesDir, d.name));

/** Each example with and without the fixture (rules return early on some inputs), all of them together, and the corpus. */
// Each example alone too: beside the fixture's facts (its cluster domain, say) a rule may return before reading.
const inputs: string[][] = [[...examples, everyKind], ...examples.map((e) => [e, everyKind]), ...examples.map((e) => [e]), ...corpusProjects().map((p) => [p])];
const graphs = inputs.map((paths) => lint({ paths, rules: [], useIgnoreFile: false }).graph);

function kindsReadBy(rule: Rule): Set<string> {
  const read = new Set<string>();
  for (const shared of graphs) {
    const graph = new Graph(shared.resources, shared.facts);
    rule.check({ graph, problems: [], report() {} });
    for (const kind of graph.kindsRead) read.add(kind);
  }
  return read;
}

describe('declared inputs', () => {
  it('the rich input holds every kind some rule declares', () => {
    const present = new Set(graphs[0]?.byKind.keys());
    const declared = new Set(rules.flatMap((r) => r.meta.reads));
    expect([...declared].filter((k) => !present.has(k))).toEqual([]);
  });

  for (const rule of rules) {
    it(`${rule.meta.id} declares every kind it reads`, () => {
      const read = kindsReadBy(rule);
      if (rule.meta.reads.length === 0) return; // reads the files themselves: always runs
      const label = (k: string) => k || '(Helm values)';
      expect([...read].filter((k) => !rule.meta.reads.includes(k)).map(label)).toEqual([]);
      // and reads what it declares, so the engine's skip stays meaningful
      expect(rule.meta.reads.filter((k) => !read.has(k)).map(label)).toEqual([]);
    });
  }
});

const byId = (id: string) => rules.find((r) => r.meta.id === id) as Rule;
const found = (rule: Rule, files: Record<string, string>): Finding[] =>
  lintSources(Object.entries(files).map(([p, text]) => ({ path: p, text })), { rules: [rule] }).result.findings.filter((f) => f.ruleId === rule.meta.id);

describe('the engine skips a rule only when none of its inputs is present', () => {
  it('skips a rule whose kinds are all absent', () => {
    const graph = new Graph([]);
    let ran = false;
    const probe: Rule = { meta: { ...byId('sidecar-egress-hides-service').meta }, check: () => void (ran = true) };
    runRules(graph, [probe], []);
    expect(ran).toBe(false);
  });

  it('runs a rule whose reads are [] on any input', () => {
    let ran = false;
    const probe: Rule = { meta: { ...byId('duplicate-resource').meta }, check: () => void (ran = true) };
    runRules(new Graph([]), [probe], []);
    expect(ran).toBe(true);
  });

  it('statefulset-service-missing runs without any Service', () => {
    expect(found(byId('statefulset-service-missing'), { 'sts.yaml': statefulSet() }).map((f) => `${f.line}:${f.column}`)).toEqual(['7:16']);
  });

  it('istiod-domain-mismatch runs with istiod and no other domain source than --cluster-domain', () => {
    const outcome = lintSources([{ path: 'istiod.yaml', text: istiod() }], {
      rules: [byId('istiod-domain-mismatch')],
      facts: { clusterDomain: { value: 'corp.example', origin: '--cluster-domain' } },
    });
    expect(outcome.result.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)).toEqual(['istiod-domain-mismatch 15:15']);
  });
});
