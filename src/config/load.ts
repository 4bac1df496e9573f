/**
 * The configuration file: found from the working directory upward (or named by --config),
 * validated against schemas/headless-lint.config.schema.json. A bad file stops the run with the
 * key, its file:line:column and what is wrong, never with a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import { SourceDocument } from '../load/parser.js';
import { SourceFile } from '../load/source.js';
import { displayPathOf } from '../load/walker.js';
import type { Severity, SeveritySetting } from '../engine/types.js';
import type { UnlistedInjection } from '../model/namespaces.js';
import { readSchema } from '../util/package-info.js';
import { suggestion } from '../util/did-you-mean.js';

export const CONFIG_FILES = ['.headless-lint.yaml', '.headless-lint.yml', 'headless-lint.config.json'];
export const CONFIG_SCHEMA = 'headless-lint.config.schema.json';

export interface Config {
  rules?: Record<string, SeveritySetting>;
  ignorePatterns?: string[];
  failOn?: Severity;
  maxWarnings?: number;
  reportUnusedDisableDirectives?: boolean;
  noInlineConfig?: boolean;
  clusterDomain?: string;
  istioVersion?: string;
  defaultNamespace?: string;
  dnsNamespace?: string;
  dnsPodLabels?: Record<string, string>;
  istioRootNamespace?: string;
  unlistedNamespaces?: UnlistedInjection;
  /** cluster name -> its paths (relative to the configuration file's folder), or its paths and settings */
  clusters?: Record<string, ClusterEntry>;
}

export type ClusterEntry = string | string[] | { paths: string | string[]; clusterDomain?: string; istioVersion?: string };

/** A configuration file that cannot be used: exit code 2. */
export class ConfigError extends Error {}

/** The nearest configuration file in `cwd` or a folder above it. */
export function findConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(readSchema(CONFIG_SCHEMA) as object);
  if (validator(value)) return [];
  // a bad rule id yields a `propertyNames` error and the inner one behind it; keep the first
  return (validator.errors ?? []).filter((e) => e.keyword === 'propertyNames' || e.propertyName === undefined);
}

export function loadConfig(file: string, knownRules: readonly string[], cwd = process.cwd()): Config {
  const shown = displayPathOf(path.resolve(cwd, file), cwd);
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new ConfigError(`${shown}: cannot read the configuration file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const source = new SourceFile(shown, text);
  // YAML 1.2, unlike manifests: `off` must stay the string "off", not YAML 1.1's false.
  const parsed = parseDocument(text, { version: '1.2', prettyErrors: false });
  const problem = parsed.errors[0];
  if (problem) {
    const { line, column } = source.position(problem.pos[0]);
    throw new ConfigError(`${shown}:${line}:${column}: not valid YAML/JSON: ${problem.message.split('\n')[0]}`);
  }
  const value: unknown = parsed.toJS() ?? {};
  const doc = new SourceDocument(source, 0, value, parsed);
  const at = (segments: (string | number)[]) => {
    const { start } = doc.locate(segments, { key: true }).span;
    return `${shown}:${start.line}:${start.column}`;
  };

  const messages = validate(value).map((e) => describeError(e, at));
  const rules = (value as { rules?: unknown }).rules;
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
    for (const id of Object.keys(rules)) {
      if (!knownRules.includes(id)) messages.push(`${at(['rules', id])}: rules.${id}: unknown rule${suggestion(id, [...knownRules])}`);
    }
  }
  if (messages.length > 0) throw new ConfigError([...new Set(messages)].join('\n'));
  return value as Config;
}

function describeError(e: ErrorObject, at: (segments: (string | number)[]) => string): string {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const key = (s: (string | number)[]) => (s.length > 0 ? s.join('.') : '(top level)');
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const full = [...segments, name];
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `${at(full)}: ${key(full)}: unknown key${suggestion(name, known)}`;
    }
    case 'enum':
      return `${at(segments)}: ${key(segments)}: must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'propertyNames':
      return `${at([...segments, String(params.propertyName)])}: ${key([...segments, String(params.propertyName)])}: not a valid rule id`;
    default:
      return `${at(segments)}: ${key(segments)}: ${e.message ?? e.keyword}`;
  }
}
