/**
 * Validators as code, generated at build time so that a lint run never compiles a schema (ajv's
 * compile is most of a small run's cost). Each schema file becomes one CommonJS module exporting a
 * factory that takes the formats (functions cannot be written into generated code), so the
 * built registry can load exactly the kinds a run needs, synchronously.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Name, type Ajv, type ValidateFunction } from 'ajv';
import { createAjv, STANDALONE_FORMATS_PARAMETER } from './ajv-options.js';
import { readSchemaFile, schemaIndexFiles, standaloneValidatorFile } from './registry.js';

// Loaded through require: ajv's standalone entry is CommonJS with an ES-style default export,
// which ESM default imports and the test runner's interop unwrap differently.
const { default: standaloneCode } = createRequire(import.meta.url)('ajv/dist/standalone') as {
  default: (ajv: Ajv, validate: ValidateFunction) => string;
};

/** The module text of one schema file's validator factory. */
export function standaloneValidatorSources(): Map<string, string> {
  const { shared, kinds } = schemaIndexFiles();
  const ajv = createAjv({ code: { source: true, esm: false, formats: new Name(STANDALONE_FORMATS_PARAMETER) } });
  for (const file of shared) ajv.addSchema(readSchemaFile(file) as object, file);
  const out = new Map<string, string>();
  for (const file of new Set(kinds)) {
    const validate = ajv.compile(readSchemaFile(file) as object);
    const code = standaloneCode(ajv, validate);
    out.set(
      file,
      `// Generated from schemas/${file} by headless-lint's build (src/schema/standalone.ts); do not edit.\n` +
        `'use strict';\nmodule.exports = function validatorFor(${STANDALONE_FORMATS_PARAMETER}) {\n` +
        `  const module = { exports: {} };\n${code}\n  return module.exports;\n};\n`,
    );
  }
  return out;
}

export function writeStandaloneValidators(distDir: string): number {
  const sources = standaloneValidatorSources();
  for (const [file, text] of sources) {
    const target = standaloneValidatorFile(distDir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return sources.size;
}
