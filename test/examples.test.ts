/**
 * Every example is executed: the healthy mesh must lint clean, and each broken example must
 * yield exactly the findings listed in its expected.txt (`file:line:column rule-id`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/api.js';
import { clustersOf } from '../src/config/merge.js';
import { lint } from '../src/lint.js';
import { defaultKustomizeCommand } from '../src/load/kustomize-build.js';
import { kustomizationIn } from '../src/load/kustomize.js';

const examplesDir = path.resolve(__dirname, '../examples');
const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** An example rendered by Kustomize: its folder holds overlays (overlays/*) or is one. */
function isKustomizeExample(dir: string): boolean {
  const overlays = path.join(dir, 'overlays');
  return kustomizationIn(dir) !== undefined || (existsSync(overlays) && readdirSync(overlays).some((o) => kustomizationIn(path.join(overlays, o)) !== undefined));
}

const kustomize = defaultKustomizeCommand();
if (!kustomize && process.env.CI) throw new Error('CI must run the Kustomize examples, but neither kustomize nor kubectl is on PATH');

describe('examples', () => {
  it('include a healthy mesh', () => {
    expect(examples).toContain('healthy-mesh');
  });

  for (const name of examples) {
    const dir = path.join(examplesDir, name);
    // Kustomize examples are linted as the Kustomize roots they are, by the real Kustomize.
    it.skipIf(isKustomizeExample(dir) && !kustomize)(`${name} yields exactly its expected findings`, () => {
      const expectedFile = path.join(dir, 'expected.txt');
      const expected = existsSync(expectedFile)
        ? readFileSync(expectedFile, 'utf8')
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l && !l.startsWith('#'))
        : [];
      if (name !== 'healthy-mesh' && !name.endsWith('-healthy') && expected.length === 0) throw new Error(`examples/${name} is a broken example but lists no expected finding`);
      // A multi-cluster example names its clusters in its own .headless-lint.yaml, as a user's folder would.
      const own = path.join(dir, '.headless-lint.yaml');
      const clusters = existsSync(own) ? clustersOf(resolveConfig(dir, own).config, own, dir) : undefined;
      const { result, inputErrors } = lint({ paths: clusters ? [] : ['.'], clusters, cwd: dir });
      expect(inputErrors).toEqual([]);
      const actual = result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
      expect(actual.sort()).toEqual([...expected].sort());
    });
  }
});
