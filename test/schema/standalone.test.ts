/**
 * The built CLI validates with code generated at build time, tests and runs from the sources with
 * validators compiled in the process: both must judge every document the same way, errors included
 * (manifest-schema words its findings from them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/schema/formats.js';
import { SchemaRegistry } from '../../src/schema/registry.js';
import { standaloneValidatorSources } from '../../src/schema/standalone.js';
import { withoutNulls } from '../../src/schema/instance.js';
import type { ValidateFunction } from 'ajv';

const ROOT = path.resolve(__dirname, '../..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every object of the schema fixtures, the examples and the every-kind fixture. */
function documents(): Record<string, unknown>[] {
  const files = [
    ...yamlFiles(path.join(ROOT, 'test/rules/manifest-schema')),
    ...yamlFiles(path.join(ROOT, 'examples')),
    ...yamlFiles(path.join(ROOT, 'test/fixtures/every-kind')),
  ];
  const out: Record<string, unknown>[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { logLevel: 'error' })) {
      if ('errors' in doc && doc.errors.length > 0) continue;
      const value = doc.toJS() as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) out.push(withoutNulls(value) as Record<string, unknown>);
    }
  }
  return out;
}

/** Loads a generated module the way Node's CommonJS loader would, from its text. */
function loadGenerated(text: string): ValidateFunction {
  const module = { exports: {} as unknown };
  const requireFromDist = createRequire(path.join(ROOT, 'dist/validators/x.cjs'));
  new Function('module', 'exports', 'require', text)(module, module.exports, requireFromDist);
  return (module.exports as (formats: typeof FORMATS) => ValidateFunction)(FORMATS);
}

describe('validators generated at build time', () => {
  const sources = standaloneValidatorSources();
  const compiled = new SchemaRegistry(false, false);
  const docs = documents();

  it('exist for every schema file of the index', () => {
    expect([...sources.keys()].sort()).toEqual([...new Set(compiled.entries.map((e) => e.schema))].sort());
  });

  it('give the same verdict and the same errors as the compiled validators, on every fixture and example object', () => {
    const generated = new Map([...sources].map(([file, text]) => [file, loadGenerated(text)]));
    let compared = 0;
    let invalid = 0;
    for (const doc of docs) {
      if (typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') continue;
      const fromCompiler = compiled.validator(doc.apiVersion, doc.kind);
      const entry = compiled.entries.find((e) => e.kind === doc.kind);
      if (!fromCompiler || !entry) continue;
      const fromBuild = generated.get(entry.schema)!;
      const verdict = fromCompiler(doc);
      expect(fromBuild(doc)).toBe(verdict);
      expect(fromBuild.errors ?? null).toEqual(fromCompiler.errors ?? null);
      compared++;
      if (!verdict) invalid++;
    }
    // The comparison means something only if it covered many objects, failing ones among them.
    expect(compared).toBeGreaterThan(100);
    expect(invalid).toBeGreaterThan(10);
  });
});
