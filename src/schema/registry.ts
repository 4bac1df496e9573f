/**
 * The JSON Schemas of schemas/, compiled by ajv once per process and only for the kinds that
 * occur in the input (compiling all of them would cost more than most runs take).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
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

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(path.join(schemasDir(), file), 'utf8'));
}

export class SchemaRegistry {
  private readonly index: SchemaIndex;
  private readonly byKind = new Map<string, IndexEntry>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv;

  /**
   * @param checkSchemas validate the schemas against the JSON Schema meta-schema (tests do; a
   *   lint run skips it, since compiling the meta-schema costs more than most kinds)
   */
  constructor(checkSchemas = false) {
    this.index = readJson('index.json') as SchemaIndex;
    for (const entry of this.index.kinds) this.byKind.set(entry.kind, entry);
    // Compiling dominates this rule's cost (validating is fast), hence: inlineRefs: false compiles
    // each shared definition once for all kinds instead of once per kind that uses it, and
    // skipping ajv's code optimisation pass saves more compile time than it costs in validation.
    this.ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, inlineRefs: false, validateSchema: checkSchemas, code: { optimize: false } });
    for (const [name, spec] of Object.entries(FORMATS)) this.ajv.addFormat(name, { type: 'string', validate: spec.validate });
    // Shared definitions are registered, not compiled: ajv compiles what a kind's schema uses.
    for (const file of this.index.shared) this.ajv.addSchema(readJson(file) as object, file);
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
    const validate = this.ajv.compile(readJson(entry.schema) as object);
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
