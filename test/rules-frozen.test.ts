/**
 * Rules never change the model: with every resource deep-frozen (and the model's kind lists and
 * workload list frozen), all rules run over all examples and the corpus without an exception
 * and report exactly what they report on the unfrozen model.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { INTERNAL_ERROR, runRules } from '../src/engine/run.js';
import { defineRule } from '../src/engine/rule.js';
import type { Finding, Rule } from '../src/engine/types.js';
import { FactStore } from '../src/facts/store.js';
import { Model } from '../src/model/model.js';
import { DEFAULT_SETTINGS } from '../src/model/settings.js';
import { loadFiles } from '../src/load/loader.js';
import type { Resource } from '../src/load/resource.js';
import { walk } from '../src/load/walker.js';
import { corpusProjects } from './helpers/corpus.js';

const examplesDir = path.resolve(__dirname, '../examples');
const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => path.join(examplesDir, d.name));

function deepFreeze(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  for (const child of Object.values(value)) deepFreeze(child, seen);
  Object.freeze(value);
}

function freezeResource(r: Resource): void {
  deepFreeze(r.value);
  deepFreeze(r.ref);
  deepFreeze(r.base);
  Object.freeze(r);
}

function findings(paths: string[], frozen: boolean, ruleSet: readonly Rule[] = rules): Finding[] {
  const walked = walk(paths, { cwd: process.cwd(), ignorePatterns: [] });
  const loaded = loadFiles(walked.files, { defaultNamespace: DEFAULT_SETTINGS.defaultNamespace });
  const resources = [...loaded.resources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (frozen) {
    resources.forEach(freezeResource);
    Object.freeze(resources);
  }
  const model = new Model(resources, DEFAULT_SETTINGS);
  if (frozen) {
    for (const list of model.byKind.values()) Object.freeze(list);
    for (const w of model.workloads) Object.freeze(w);
    Object.freeze(model.workloads);
  }
  return runRules(new FactStore(model), ruleSet, loaded.problems);
}

const inputs: [string, string[]][] = [['all examples', examples], ...corpusProjects().map((p): [string, string[]] => [`corpus ${path.basename(p)}`, [p]])];

describe('rules never change the model', () => {
  it('a rule that edits a resource fails on the frozen model', () => {
    const editor = defineRule({
      meta: { ...(rules[0] as Rule).meta, id: 'edits-the-model', requires: [], reads: [] },
      check: ({ model }) => {
        for (const service of model.services) service.spec.clusterIP = 'None';
      },
    });
    expect(findings(examples, false, [editor])).toEqual([]);
    expect(findings(examples, true, [editor]).map((f) => f.ruleId)).toEqual([INTERNAL_ERROR]);
  });

  for (const [name, paths] of inputs) {
    it(`${name}: same findings on a frozen model, and no rule fails`, () => {
      const frozen = findings(paths, true);
      expect(frozen.filter((f) => f.ruleId === INTERNAL_ERROR).map((f) => f.message)).toEqual([]);
      expect(frozen).toEqual(findings(paths, false));
      if (name === 'all examples') expect(frozen.length).toBeGreaterThan(0);
    });
  }
});
