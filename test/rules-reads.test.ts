/**
 * Declared inputs, verified (Istio's analyzer inputs). A rule declares the facts it uses and the
 * kinds it requires or reads itself; its `reads` is derived from those and from its facts' own
 * declarations. Each rule runs alone, on a fresh model, over rich inputs:
 * - every kind it reads (directly or through a fact) is in its derived reads, and it reads every
 *   kind of them on some input, so the engine's skip stays meaningful;
 * - every fact it declares in uses is used on some input (an undeclared one throws at once);
 * - every fact, computed alone, reads only kinds it or the facts it uses declare.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runRules } from '../src/engine/run.js';
import type { Finding, Rule } from '../src/engine/types.js';
import { kindsOf, type AnyFact } from '../src/facts/define.js';
import { facts } from '../src/facts/index.js';
import { FactStore } from '../src/facts/store.js';
import { lint, lintSources } from '../src/lint.js';
import { Model } from '../src/model/model.js';
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
const models = inputs.map((paths) => lint({ paths, rules: [], useIgnoreFile: false }).analysis.model);
const fresh = (m: Model) => new Model(m.resources, m.settings);

/** Kinds read and facts used by one rule over every input. */
function observe(rule: Rule): { read: Set<string>; used: Set<AnyFact> } {
  const read = new Set<string>();
  const used = new Set<AnyFact>();
  for (const shared of models) {
    const store = new FactStore(fresh(shared));
    const probe: Rule = {
      meta: rule.meta,
      check: (ctx) =>
        rule.check({
          ...ctx,
          use: (fact) => {
            used.add(fact);
            return ctx.use(fact);
          },
        }),
    };
    runRules(store, [probe], []);
    for (const kind of store.model.kindsRead) read.add(kind);
  }
  return { read, used };
}

const label = (k: string) => k || '(Helm values)';

describe('declared inputs', () => {
  it('the rich input holds every kind some rule declares', () => {
    const present = new Set(models[0]?.byKind.keys());
    const declared = new Set(rules.flatMap((r) => r.meta.reads));
    expect([...declared].filter((k) => !present.has(k)).map(label)).toEqual([]);
  });

  for (const rule of rules) {
    it(`${rule.meta.id} declares every kind it reads and every fact it uses`, () => {
      const { read, used } = observe(rule);
      expect([...read].filter((k) => !rule.meta.reads.includes(k)).map(label)).toEqual([]);
      expect(rule.meta.reads.filter((k) => !read.has(k)).map(label)).toEqual([]);
      expect(rule.meta.uses.filter((f) => !used.has(f)).map((f) => f.id)).toEqual([]);
    });
  }

  for (const [name, fact] of Object.entries(facts) as [string, AnyFact][]) {
    it(`fact ${name} (${fact.id}) reads only what it and its facts declare`, () => {
      const declared = new Set(kindsOf([fact]));
      for (const shared of models) {
        const store = new FactStore(fresh(shared));
        store.use(fact);
        expect([...store.model.kindsRead].filter((k) => !declared.has(k)).map(label)).toEqual([]);
      }
    });
  }
});

const byId = (id: string) => rules.find((r) => r.meta.id === id) as Rule;
const found = (rule: Rule, files: Record<string, string>): Finding[] =>
  lintSources(Object.entries(files).map(([p, text]) => ({ path: p, text })), { rules: [rule] }).result.findings.filter((f) => f.ruleId === rule.meta.id);

describe('the engine skips a rule when a kind it requires is absent', () => {
  it('skips a rule whose required kind is absent', () => {
    let ran = false;
    const probe: Rule = { meta: { ...byId('sidecar-egress-hides-service').meta }, check: () => void (ran = true) };
    expect(probe.meta.requires).toContain('Sidecar');
    runRules(new FactStore(new Model([])), [probe], []);
    expect(ran).toBe(false);
  });

  it('runs a rule that requires nothing on any input', () => {
    let ran = false;
    const probe: Rule = { meta: { ...byId('duplicate-resource').meta }, check: () => void (ran = true) };
    expect(probe.meta.requires).toEqual([]);
    runRules(new FactStore(new Model([])), [probe], []);
    expect(ran).toBe(true);
  });

  it('statefulset-service-missing runs without any Service', () => {
    expect(found(byId('statefulset-service-missing'), { 'sts.yaml': statefulSet() }).map((f) => `${f.line}:${f.column}`)).toEqual(['7:16']);
  });

  it('istiod-domain-mismatch runs with istiod and no other domain source than --cluster-domain', () => {
    const outcome = lintSources([{ path: 'istiod.yaml', text: istiod() }], {
      rules: [byId('istiod-domain-mismatch')],
      settings: { clusterDomain: { value: 'corp.example', origin: '--cluster-domain' } },
    });
    expect(outcome.result.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)).toEqual(['istiod-domain-mismatch 15:15']);
  });
});
