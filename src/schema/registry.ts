/**
 * The JSON Schemas of schemas/, as validators for the kinds that occur in the input. The built
 * CLI loads validators generated at build time (dist/validators/, see standalone.ts): compiling a
 * schema costs more than most runs take. Run from the sources (tests), the registry compiles them
 * with the same ajv options, once per process and only for the kinds present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import { createAjv } from './ajv-options.js';
import { FORMATS } from './formats.js';

interface IndexEntry {
  kind: string;
  apiVersions: string[];
  schema: string;
}

interface SchemaIndex {
  shared: string[];
  kinds: IndexEntry[];
}

/** schemas/ sits at the package root, above both src/ (tests) and dist/src/ (the CLI). */
export function schemasDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'schemas');
    if (existsSync(path.join(candidate, 'index.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('schemas/index.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function readSchemaFile(file: string): unknown {
  return JSON.parse(readFileSync(path.join(schemasDir(), file), 'utf8'));
}

/** Where the build writes the validator generated for a schema file. */
export function standaloneValidatorFile(distDir: string, schemaFile: string): string {
  return path.join(distDir, 'validators', schemaFile.replace(/\.json$/, '.cjs'));
}

/**
 * dist/ when this module runs from the built package (dist/src/schema/ or the bundle dist/cli.mjs),
 * where the generated validators match the schemas because one build writes both; undefined when
 * it runs from the sources.
 */
function builtDistDir(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const dist = path.join(path.dirname(schemasDir()), 'dist');
  return here.startsWith(dist + path.sep) ? dist : undefined;
}

/** The shared definition files and the schema file of each kind, as schemas/index.json lists them. */
export function schemaIndexFiles(): { shared: string[]; kinds: string[] } {
  const index = readSchemaFile('index.json') as SchemaIndex;
  return { shared: index.shared, kinds: index.kinds.map((k) => k.schema) };
}

type ValidatorFactory = (formats: typeof FORMATS) => ValidateFunction;

export class SchemaRegistry {
  private readonly index: SchemaIndex;
  private readonly byKind = new Map<string, IndexEntry>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private ajvInstance: Ajv | undefined;
  private readonly distDir: string | undefined;
  private readonly checkSchemas: boolean;

  /**
   * @param checkSchemas validate the schemas against the JSON Schema meta-schema (tests do; a
   *   lint run skips it, since compiling the meta-schema costs more than most kinds)
   */
  constructor(checkSchemas = false, useGenerated = !checkSchemas) {
    this.index = readSchemaFile('index.json') as SchemaIndex;
    for (const entry of this.index.kinds) this.byKind.set(entry.kind, entry);
    this.checkSchemas = checkSchemas;
    this.distDir = useGenerated ? builtDistDir() : undefined;
  }

  /** The compiler, made on first need: a built run with generated validators never needs it. */
  private get ajv(): Ajv {
    if (!this.ajvInstance) {
      this.ajvInstance = createAjv({ checkSchemas: this.checkSchemas });
      // Shared definitions are registered, not compiled: ajv compiles what a kind's schema uses.
      for (const file of this.index.shared) this.ajvInstance.addSchema(readSchemaFile(file) as object, file);
    }
    return this.ajvInstance;
  }

  private load(schemaFile: string): ValidateFunction {
    if (this.distDir) {
      const generated = standaloneValidatorFile(this.distDir, schemaFile);
      if (existsSync(generated)) return (createRequire(import.meta.url)(generated) as ValidatorFactory)(FORMATS);
    }
    return this.ajv.compile(readSchemaFile(schemaFile) as object);
  }

  /** Is this kind one we model, in this apiVersion (in any when apiVersion is undefined)? */
  models(kind: string, apiVersion?: string): boolean {
    const entry = this.byKind.get(kind);
    return entry !== undefined && (apiVersion === undefined || entry.apiVersions.includes(apiVersion));
  }

  /** The validator for a kind in an apiVersion, or undefined when we do not model that pair. */
  validator(apiVersion: string, kind: string): ValidateFunction | undefined {
    const entry = this.byKind.get(kind);
    if (!entry || !entry.apiVersions.includes(apiVersion)) return undefined;
    const cached = this.compiled.get(entry.schema);
    if (cached) return cached;
    const validate = this.load(entry.schema);
    this.compiled.set(entry.schema, validate);
    return validate;
  }

  /** Every schema file with its kinds, for tests. */
  get entries(): readonly IndexEntry[] {
    return this.index.kinds;
  }
}

let shared: SchemaRegistry | undefined;

export function schemaRegistry(): SchemaRegistry {
  shared ??= new SchemaRegistry();
  return shared;
}
