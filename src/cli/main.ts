/** The command line: argument parsing and output only; the work happens in lint(). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../../rules/index.js';
import type { SeveritySetting } from '../engine/types.js';
import { formatJson } from '../format/json.js';
import { formatStylish } from '../format/stylish.js';
import { lint } from '../lint.js';
import { explainRule, listRules } from './explain.js';
import { runGraphCommand } from './graph-command.js';
import { UsageError } from './usage-error.js';
import { suggestion } from '../util/did-you-mean.js';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const FORMATS = ['stylish', 'json'] as const;
const SEVERITIES = ['off', 'info', 'warning', 'error'];

const HELP = `Usage: headless-lint [options] [paths...]
       headless-lint explain <rule-id>
       headless-lint graph [paths...] [--format mermaid|dot|svg] [-o FILE]

Finds why a Kubernetes headless Service would fail inside an Istio mesh, from manifests alone.
Paths are files, directories (searched for .yaml, .yml, .json), globs, or - for standard input.
Default: the current directory.

Options:
  -f, --format <name>         stylish (default) or json
  -n, --namespace <ns>        namespace of objects that name none (default: default)
      --cluster-domain <d>    the cluster's DNS domain, when no manifest declares it
      --ignore-pattern <glob> skip matching files (repeatable); .headless-lintignore is read too
      --rule <id>=<severity>  set a rule's severity: off, info, warning, error (repeatable)
      --max-warnings <n>      exit 1 when there are more than n warnings
      --quiet                 report errors only
      --list-rules            print every rule with its severity and cause
      --no-color              plain output (also NO_COLOR=1)
  -h, --help                  this help
  -v, --version               the version

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage error or failure.`;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  readStdin?: () => string;
}

const defaultIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
});

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  namespace: { type: 'string', short: 'n' },
  'cluster-domain': { type: 'string' },
  'ignore-pattern': { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean' },
  'list-rules': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies ParseArgsConfig['options'];

/** The package version, from the package.json above this module (in src/ or in dist/src/). */
export function version(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export function main(argv: string[], io: Io = defaultIo()): number {
  try {
    return run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`headless-lint: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`headless-lint: internal error: ${message}\n`);
    if (io.env.HEADLESS_LINT_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return EXIT_USAGE;
  }
}

function run(argv: string[], io: Io): number {
  if (argv[0] === 'graph') return runGraphCommand(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return EXIT_CLEAN;
  }
  if (values.version) {
    io.stdout(`${version()}\n`);
    return EXIT_CLEAN;
  }
  if (values['list-rules']) {
    io.stdout(listRules(rules));
    return EXIT_CLEAN;
  }
  if (positionals[0] === 'explain') {
    if (positionals.length !== 2) throw new UsageError('explain takes one rule id, e.g. headless-lint explain service-not-headless');
    io.stdout(explainRule(rules, positionals[1] as string));
    return EXIT_CLEAN;
  }

  const format = (values.format as string | undefined) ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"; use one of ${FORMATS.join(', ')}`);
  const severities = parseRuleOptions((values.rule as string[] | undefined) ?? []);
  const maxWarnings = parseMaxWarnings(values['max-warnings'] as string | undefined);
  const namespace = values.namespace as string | undefined;
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) throw new UsageError(`--namespace "${namespace}" is not a valid namespace name`);
  const clusterDomain = values['cluster-domain'] as string | undefined;
  if (clusterDomain !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\.?$/i.test(clusterDomain)) throw new UsageError(`--cluster-domain "${clusterDomain}" is not a DNS domain`);

  const outcome = lint({
    paths: positionals.length > 0 ? positionals : ['.'],
    cwd: io.cwd,
    ignorePatterns: (values['ignore-pattern'] as string[] | undefined) ?? [],
    facts: {
      ...(namespace ? { defaultNamespace: namespace } : {}),
      ...(clusterDomain ? { clusterDomain: { value: clusterDomain, origin: '--cluster-domain' } } : {}),
    },
    severities,
    readStdin: io.readStdin,
  });
  const result = outcome.result;
  if (values.quiet) {
    result.findings = result.findings.filter((f) => f.severity === 'error');
    result.summary = { ...result.summary, warnings: 0, infos: 0 };
  }

  const color = values['no-color'] ? false : values.color ? true : io.isTTY && !io.env.NO_COLOR;
  io.stdout(format === 'json' ? formatJson(result) : formatStylish(result, { color }));

  for (const e of outcome.inputErrors) io.stderr(`headless-lint: ${e.path}: ${e.message}\n`);
  if (outcome.inputErrors.length > 0) return EXIT_USAGE;
  if (result.findings.some((f) => f.ruleId === 'internal-error')) return EXIT_USAGE;
  if (result.summary.errors > 0) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && result.summary.warnings > maxWarnings) {
    io.stderr(`headless-lint: ${result.summary.warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_CLEAN;
}

function parseRuleOptions(entries: string[]): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = Object.create(null);
  const known = new Set(rules.map((r) => r.meta.id));
  for (const entry of entries) {
    const m = /^([a-z0-9-]+)=([a-z]+)$/.exec(entry.trim());
    if (!m) throw new UsageError(`--rule "${entry}" must look like <rule-id>=<off|info|warning|error>`);
    const [, id, severity] = m as unknown as [string, string, string];
    if (!known.has(id)) throw new UsageError(`--rule: unknown rule "${id}"${suggestion(id, [...known])}`);
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
