/**
 * The whole pipeline's work grows linearly with the mesh (counted, never timed): over the
 * benchmark's generated mesh at 50 and 200 namespaces, every defensive read of a manifest value
 * (asObj/asArray/asString, which rules and facts use for every field they look at) and every
 * model access and fact use made by the rules is counted; 4x the namespaces may cost at most 4.4x.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { generateMesh } from '../../src/bench/generate-mesh.js';
import type { FactStore } from '../../src/facts/store.js';
import { rules } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import { lint } from '../../src/lint.js';

const counter = vi.hoisted(() => ({ reads: 0 }));

vi.mock('../../src/load/resource.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/load/resource.js')>();
  return {
    ...original,
    asObj: (value: unknown) => {
      counter.reads++;
      return original.asObj(value);
    },
    asArray: (value: unknown) => {
      counter.reads++;
      return original.asArray(value);
    },
    asString: (value: unknown) => {
      counter.reads++;
      return original.asString(value);
    },
  };
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Value reads over the whole run, and model accesses and fact uses made while the rules run. */
function work(namespaces: number): { reads: number; accesses: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'headless-lint-complexity-'));
  dirs.push(dir);
  generateMesh(dir, namespaces);
  counter.reads = 0;
  const { analysis, result } = lint({ paths: [dir], cwd: dir, useIgnoreFile: false });
  expect(result.summary.resources).toBeGreaterThan(namespaces * 4);
  const reads = counter.reads;
  // Rules reached through counting proxies: the model's own methods run with it as `this`, so
  // every lookup they make in turn is counted too, and so is every fact a rule uses. The facts
  // are already computed by the run above: the store keeps them.
  let accesses = 0;
  const model = new Proxy(analysis.model, {
    get(target, key, receiver) {
      accesses++;
      return Reflect.get(target, key, receiver);
    },
  });
  const counted = new Proxy(analysis, {
    get(target, key, receiver) {
      if (key === 'model') return model;
      if (key === 'use') accesses++;
      return Reflect.get(target, key, receiver);
    },
  }) as FactStore;
  runRules(counted, rules, []);
  return { reads, accesses };
}

it('grows linearly from 50 to 200 namespaces', () => {
  const small = work(50);
  const large = work(200);
  expect(small.reads).toBeGreaterThan(1000);
  expect(small.accesses).toBeGreaterThan(100);
  expect(large.reads / small.reads).toBeLessThanOrEqual(4.4);
  expect(large.accesses / small.accesses).toBeLessThanOrEqual(4.4);
});
