/** Command-line parsing: argv to a plain options object, with every usage mistake as a UsageError. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Severity, SeveritySetting } from '../engine/types.js';
import { FORMAT_NAMES, isFormatName, type FormatName } from '../format/index.js';
import { suggestion } from '../util/did-you-mean.js';
import { describeParseError } from './arg-errors.js';
import { UsageError } from './usage-error.js';

const SEVERITIES = ['off', 'info', 'warning', 'error'];
const FAIL_ON: Severity[] = ['error', 'warning', 'info'];

export interface Output {
  format: FormatName;
  /** absent: standard output */
  file?: string;
}

export interface CliOptions {
  help: boolean;
  version: boolean;
  listRules: boolean;
  printConfig: boolean;
  stats: boolean;
  /** positionals before `--` (a subcommand name comes first) */
  positionals: string[];
  /** --report-only values plus the paths after `--` */
  reportOnly?: string[];
  outputs: Output[];
  namespace?: string;
  clusterDomain?: string;
  ignorePatterns: string[];
  rules: Record<string, SeveritySetting>;
  maxWarnings?: number;
  failOn?: Severity;
  quiet: boolean;
  color?: boolean;
  config?: string;
  configLookup: boolean;
  reportUnusedDisableDirectives?: boolean;
  noInlineConfig?: boolean;
  stdinFilename?: string;
  /** false with --no-error-on-unmatched-pattern: a run with no Kubernetes resource may pass */
  errorOnNothingLinted: boolean;
  /** --cache: keep what parsing produced between runs */
  cache: boolean;
  cacheLocation?: string;
}

/** Every option of the lint command (exported for the test that checks --help lists them). */
export const OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  namespace: { type: 'string', short: 'n' },
  'cluster-domain': { type: 'string' },
  'ignore-pattern': { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  'max-warnings': { type: 'string' },
  'fail-on': { type: 'string' },
  quiet: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  'no-config-lookup': { type: 'boolean' },
  'print-config': { type: 'boolean' },
  'report-only': { type: 'string', multiple: true },
  'stdin-filename': { type: 'string' },
  'no-error-on-unmatched-pattern': { type: 'boolean' },
  'report-unused-disable-directives': { type: 'boolean' },
  'no-inline-config': { type: 'boolean' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  stats: { type: 'boolean' },
  'list-rules': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies ParseArgsConfig['options'];

export function parseOptions(argv: string[], knownRules: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(describeParseError(error, OPTIONS, '--help'));
  }
  const { values, tokens } = parsed;
  const terminator = tokens.findIndex((t) => t.kind === 'option-terminator');
  const before = tokens.filter((t, i) => t.kind === 'positional' && (terminator === -1 || i < terminator)).map((t) => (t.kind === 'positional' ? t.value : ''));
  const after = terminator === -1 ? [] : tokens.slice(terminator + 1).map((t) => (t.kind === 'positional' ? t.value : ''));
  const reportOnly = values['report-only'] || terminator !== -1 ? [...(values['report-only'] ?? []), ...after] : undefined;

  const namespace = values.namespace;
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) throw new UsageError(`--namespace "${namespace}" is not a valid namespace name`);
  const clusterDomain = values['cluster-domain'];
  if (clusterDomain !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\.?$/i.test(clusterDomain)) throw new UsageError(`--cluster-domain "${clusterDomain}" is not a DNS domain`);
  const stdinFilename = values['stdin-filename'];
  if (stdinFilename === '') throw new UsageError('--stdin-filename needs a file name');
  if (stdinFilename !== undefined && !before.includes('-')) throw new UsageError('--stdin-filename names standard input: add - to the paths, e.g. kubectl kustomize overlay | headless-lint --stdin-filename overlay.yaml -');
  const failOn = values['fail-on'];
  if (failOn !== undefined && !(FAIL_ON as string[]).includes(failOn)) throw new UsageError(`--fail-on must be error, warning or info, not "${failOn}"`);

  return {
    help: Boolean(values.help),
    version: Boolean(values.version),
    listRules: Boolean(values['list-rules']),
    printConfig: Boolean(values['print-config']),
    stats: Boolean(values.stats),
    positionals: before,
    reportOnly,
    outputs: parseOutputs(values.format ?? []),
    namespace,
    clusterDomain,
    ignorePatterns: values['ignore-pattern'] ?? [],
    rules: parseRuleOptions(values.rule ?? [], knownRules),
    maxWarnings: parseMaxWarnings(values['max-warnings']),
    failOn: failOn as Severity | undefined,
    quiet: Boolean(values.quiet),
    color: values['no-color'] ? false : values.color ? true : undefined,
    config: values.config,
    configLookup: !values['no-config-lookup'],
    reportUnusedDisableDirectives: values['report-unused-disable-directives'] ? true : undefined,
    noInlineConfig: values['no-inline-config'] ? true : undefined,
    stdinFilename,
    errorOnNothingLinted: !values['no-error-on-unmatched-pattern'],
    cache: Boolean(values.cache),
    cacheLocation: nonEmpty(values['cache-location'], '--cache-location needs a file name'),
  };
}

function nonEmpty(value: string | undefined, message: string): string | undefined {
  if (value === '') throw new UsageError(message);
  return value;
}

/** `-f NAME` writes to standard output, `-f NAME=FILE` to a file; at most one goes to standard output. */
export function parseOutputs(specs: string[]): Output[] {
  if (specs.length === 0) return [{ format: 'stylish' }];
  const outputs = specs.map((spec): Output => {
    const eq = spec.indexOf('=');
    const name = eq === -1 ? spec : spec.slice(0, eq);
    const file = eq === -1 ? undefined : spec.slice(eq + 1);
    if (!isFormatName(name)) throw new UsageError(`unknown format "${name}"${suggestion(name, FORMAT_NAMES)}; use one of ${FORMAT_NAMES.join(', ')}`);
    if (file === '') throw new UsageError(`--format ${name}= needs a file name after "="`);
    return file === undefined ? { format: name } : { format: name, file };
  });
  if (outputs.filter((o) => o.file === undefined).length > 1) throw new UsageError('only one --format can write to standard output; give the others a file: --format sarif=out.sarif');
  return outputs;
}

function parseRuleOptions(entries: string[], knownRules: readonly string[]): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = Object.create(null);
  for (const entry of entries) {
    const m = /^([a-z0-9-]+)=([a-z]+)$/.exec(entry.trim());
    if (!m) throw new UsageError(`--rule "${entry}" must look like <rule-id>=<off|info|warning|error>`);
    const [, id, severity] = m as unknown as [string, string, string];
    if (!knownRules.includes(id)) throw new UsageError(`--rule: unknown rule "${id}"${suggestion(id, [...knownRules])}`);
    if (!SEVERITIES.includes(severity)) throw new UsageError(`--rule ${id}: severity must be off, info, warning or error, not "${severity}"`);
    out[id] = severity as SeveritySetting;
  }
  return out;
}

function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings takes a whole number, not "${value}"`);
  return Number(value);
}
