/** Command-line parsing: argv to a plain options object, with every usage mistake as a UsageError. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { hasGlobMagic } from '../load/walker.js';
import type { ClusterInput } from '../lint-clusters.js';
import { CLUSTER_NAME } from '../model/fleet.js';
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
  istioVersion?: string;
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
  /** --kustomize-command: how to run Kustomize, split into words */
  kustomizeCommand?: string[];
  /** --helm-values: values files for `helm template` of chart folders */
  helmValues: string[];
  /** --cache: keep what parsing produced between runs */
  cache: boolean;
  cacheLocation?: string;
  /** --fix: write the safe fixes; --fix-dry-run: print them as a diff */
  fix?: 'write' | 'dry-run';
  /** --fix-type: the causes whose findings are fixed */
  fixTypes?: string[];
  /** --baseline FILE: report only findings it does not hold */
  baseline?: string;
  /** --write-baseline FILE: record the current findings */
  writeBaseline?: string;
  reportUnusedBaseline?: boolean;
  /** --cluster NAME=PATH: the clusters of one mesh, in the order given (paths relative to cwd) */
  clusters?: ClusterInput[];
}

/** An Istio release as --istio-version and the config file take it: 1.22, 1.22.3, v1.22.3. */
export const ISTIO_VERSION = /^v?1\.\d{1,2}(\.\d{1,3})?$/;
/** The causes --fix-type takes (a rule's meta.cause). */
export const FIX_TYPES = ['1', '2', '3', '4', '5', '6', 'beyond', 'input'];

/** Every option of the lint command (exported for the test that checks --help lists them). */
export const OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  namespace: { type: 'string', short: 'n' },
  'cluster-domain': { type: 'string' },
  cluster: { type: 'string', multiple: true },
  'istio-version': { type: 'string' },
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
  'kustomize-command': { type: 'string' },
  'helm-values': { type: 'string', multiple: true },
  'pre-commit': { type: 'boolean' },
  'report-unused-disable-directives': { type: 'boolean' },
  'no-inline-config': { type: 'boolean' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  'fix-type': { type: 'string', multiple: true },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'report-unused-baseline': { type: 'boolean' },
  stats: { type: 'boolean' },
  'list-rules': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies ParseArgsConfig['options'];

export function parseOptions(argv: string[], knownRules: readonly string[], cwd = process.cwd()): CliOptions {
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
  let reportOnly = values['report-only'] || terminator !== -1 ? [...(values['report-only'] ?? []), ...after] : undefined;
  let paths = before;
  if (values['pre-commit'] && terminator === -1) {
    // As the pre-commit hook, the file names pre-commit appends are the changed files even when a
    // user's `args` lack the closing `--`: folders (and globs) are what to analyse, files what changed.
    const isFolder = (p: string) => hasGlobMagic(p) || (existsSync(path.resolve(cwd, p)) && statSync(path.resolve(cwd, p)).isDirectory());
    paths = before.filter(isFolder);
    reportOnly = [...(values['report-only'] ?? []), ...before.filter((p) => !isFolder(p))];
  }
  const kustomizeCommand = values['kustomize-command']?.trim().split(/\s+/).filter(Boolean);
  if (kustomizeCommand !== undefined && kustomizeCommand.length === 0) throw new UsageError('--kustomize-command needs a command, e.g. --kustomize-command "kustomize build" or "kubectl kustomize"');

  const namespace = values.namespace;
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) throw new UsageError(`--namespace "${namespace}" is not a valid namespace name`);
  const clusterDomain = values['cluster-domain'];
  if (clusterDomain !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\.?$/i.test(clusterDomain)) throw new UsageError(`--cluster-domain "${clusterDomain}" is not a DNS domain`);
  const istioVersion = values['istio-version'];
  if (istioVersion !== undefined && !ISTIO_VERSION.test(istioVersion)) throw new UsageError(`--istio-version "${istioVersion}" is not an Istio release such as 1.22 or 1.22.3`);
  const stdinFilename = values['stdin-filename'];
  if (stdinFilename === '') throw new UsageError('--stdin-filename needs a file name');
  if (stdinFilename !== undefined && !before.includes('-')) throw new UsageError('--stdin-filename names standard input: add - to the paths, e.g. kubectl kustomize overlay | headless-lint --stdin-filename overlay.yaml -');
  const failOn = values['fail-on'];
  if (failOn !== undefined && !(FAIL_ON as string[]).includes(failOn)) throw new UsageError(`--fail-on must be error, warning or info, not "${failOn}"`);

  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix writes the fixes and --fix-dry-run only shows them: give one of them');
  const fixTypes = values['fix-type']?.flatMap((t) => t.split(',')).map((t) => t.trim());
  if (fixTypes && !values.fix && !values['fix-dry-run']) throw new UsageError('--fix-type limits --fix or --fix-dry-run: add one of them');
  for (const t of fixTypes ?? []) if (!FIX_TYPES.includes(t)) throw new UsageError(`--fix-type "${t}" is not a cause; use ${FIX_TYPES.join(', ')} (see --list-rules)`);
  for (const flag of ['baseline', 'write-baseline'] as const) if (values[flag] === '') throw new UsageError(`--${flag} needs a file name`);
  if (values['report-unused-baseline'] && !values.baseline) throw new UsageError('--report-unused-baseline reports entries of --baseline FILE: add it');

  return {
    help: Boolean(values.help),
    version: Boolean(values.version),
    listRules: Boolean(values['list-rules']),
    printConfig: Boolean(values['print-config']),
    stats: Boolean(values.stats),
    positionals: paths,
    reportOnly,
    outputs: parseOutputs(values.format ?? []),
    namespace,
    clusterDomain,
    istioVersion,
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
    kustomizeCommand,
    helmValues: values['helm-values'] ?? [],
    cache: Boolean(values.cache),
    cacheLocation: nonEmpty(values['cache-location'], '--cache-location needs a file name'),
    fix: values.fix ? 'write' : values['fix-dry-run'] ? 'dry-run' : undefined,
    fixTypes,
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    reportUnusedBaseline: values['report-unused-baseline'] ? true : undefined,
    clusters: parseClusters(values.cluster ?? []),
  };
}

/** `--cluster NAME=PATH`, repeatable; a name given again adds a path to that cluster. */
export function parseClusters(specs: string[]): ClusterInput[] | undefined {
  if (specs.length === 0) return undefined;
  const clusters: ClusterInput[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const name = eq === -1 ? '' : spec.slice(0, eq).trim();
    const target = eq === -1 ? '' : spec.slice(eq + 1).trim();
    if (eq === -1 || !target) throw new UsageError(`--cluster "${spec}" must name a cluster and its manifests: --cluster NAME=PATH, e.g. --cluster east=clusters/east`);
    if (!CLUSTER_NAME.test(name)) throw new UsageError(`--cluster "${spec}": "${name}" is not a cluster name (letters, digits, -, _ and ., as Istio's cluster IDs)`);
    const known = clusters.find((c) => c.name === name);
    if (known) known.paths.push(target);
    else clusters.push({ name, paths: [target] });
  }
  return clusters;
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
