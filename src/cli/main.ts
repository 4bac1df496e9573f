/** The command line: options, configuration and output only; the work happens in lint(). */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../api.js';
import { ConfigError, type Config } from '../config/load.js';
import { clustersOf, lintOptionsOf, mergeConfig } from '../config/merge.js';
import { INTERNAL_ERROR } from '../engine/run.js';
import type { LintResult, Severity } from '../engine/types.js';
import { githubStepSummary } from '../format/github.js';
import type { Analysis } from '../facts/store.js';
import { formatters } from '../format/index.js';
import { lint, type LintOutcome } from '../lint.js';
import { applyBaseline, BaselineError, baselineOf, formatBaseline, parseBaseline, unusedEntryFinding, withBaseline } from '../baseline/baseline.js';
import { diffOf, lintAndFix, type FixOutcome } from '../fix/fixer.js';
import { displayPathOf, hasGlobMagic } from '../load/walker.js';
import { closest } from '../util/did-you-mean.js';
import { packageJson, repositoryUrl } from '../util/package-info.js';
import { explainRule, listRules } from './explain.js';
import { runExplainSystem } from './explain-system.js';
import { runGraphCommand } from './graph-command.js';
import { reach } from './reach.js';
import { runTraceCommand } from './trace-command.js';
import { parseOptions, type CliOptions } from './options.js';
import { formatStats, newTimings } from './stats.js';
import { UsageError } from './usage-error.js';
import { openCache } from './cache.js';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const HELP = `Usage: headless-lint [options] [paths...] [-- changed-files...]
       headless-lint explain <rule-id>
       headless-lint explain --system <id> | --systems | --workload NS/NAME [paths...]
       headless-lint graph [paths...] [--format mermaid|dot|svg] [-o FILE] (graph --help)
       headless-lint reach <paths...> --from NS/NAME --to NS/NAME [--port P] (reach --help)
       headless-lint trace <paths...> --from NS/WORKLOAD --to NAME[:PORT] (trace --help)

Finds why a Kubernetes headless Service would fail inside an Istio mesh, from manifests alone.
Paths are files, directories (searched for .yaml, .yml, .json), globs, or - for standard input.
Default: the current directory.

Output:
  -f, --format <name>[=FILE]  stylish (default), json, sarif, junit, github or html; with =FILE the
                              output goes to FILE (repeatable: -f stylish -f sarif=out.sarif)
      --quiet                 report errors only
      --stats                 print the time of each phase and rule (to stderr)
      --no-color              plain output (also NO_COLOR=1); --color forces colours

Failing:
      --fail-on <severity>    lowest severity that fails the run: error (default), warning, info
      --max-warnings <n>      also fail when there are more than n warnings
      --rule <id>=<severity>  set a rule's severity: off, info, warning, error (repeatable)

Input and configuration:
  -c, --config <file>         configuration file (default: .headless-lint.yaml, .headless-lint.yml
                              or headless-lint.config.json, from the working directory upward)
      --no-config-lookup      do not look for a configuration file
      --print-config          print the effective configuration as JSON and exit
  -n, --namespace <ns>        namespace of objects that name none (default: default)
      --cluster-domain <d>    the cluster's DNS domain, when no manifest declares it
      --cluster <name>=<path> a cluster of a multi-cluster mesh (repeatable; config clusters:):
                              each is linted on its own, then compared with the others;
                              findings name their cluster; other paths are read by every cluster
      --istio-version <v>     the cluster's Istio release (1.22, 1.22.3), when the input does not show it
      --ignore-pattern <glob> skip matching files (repeatable); .headless-lintignore is read too
      --report-only <file>    analyse every path, report only findings in this file (repeatable;
                              files after -- count too, as pre-commit passes them)
      --no-error-on-unmatched-pattern
                              pass a run that finds no Kubernetes resource at all (by default
                              it exits 2: empty folder, empty stdin, only non-manifest YAML)
      --stdin-filename <name> the file name standard input (-) is reported as; Helm's
                              # Source: comments name their templates instead
      --kustomize-command <c> how to render Kustomize folders (default: "kustomize build" if
                              kustomize is on PATH, else "kubectl kustomize")
      --helm-values <file>    a values file for helm template of chart folders (repeatable)
      --pre-commit            as the pre-commit hook: the files pre-commit appends are the
                              changed files (report-only), with or without a closing --;
                              folders among them are what to analyse (default: .)

Fixing:
      --fix                   apply the safe fixes in place (comments and layout are kept), then
                              lint again, up to 10 passes; the exit code is for what remains
      --fix-dry-run           print the fixes as a unified diff instead of writing them
      --fix-type <cause>      fix only findings of these causes: 1-6, beyond, input (repeatable,
                              or comma-separated)

Baseline:
      --baseline <file>       report only findings the baseline does not hold
      --write-baseline <file> record the current findings as the baseline (drops entries that
                              match nothing); the run then passes
      --report-unused-baseline
                              report baseline entries that match no finding

Speed:
      --cache                 keep what parsing produced, so unchanged files are not parsed
                              again (results are the same with and without it)
      --cache-location <file> the cache file (default node_modules/.cache/headless-lint/
                              parse-cache when ./node_modules exists, else .headless-lintcache)

Suppressions:
      --report-unused-disable-directives   report suppressions that silence nothing
      --no-inline-config      ignore headless-lint.io/ignore annotations and disable comments

      --list-rules            print every rule with its severity and cause
  -h, --help                  this help
  -v, --version               the version

Exit codes: 0 nothing at or above --fail-on, 1 findings (or too many warnings), 2 usage,
configuration or input error, or an internal failure. The same in every format.`;

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

/** The package version. */
export function version(): string {
  return packageJson().version;
}

export function main(argv: string[], io: Io = defaultIo()): number {
  try {
    return run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`headless-lint: ${error.message.replace(/\n/g, '\nheadless-lint: ')}\n`);
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
  if (argv[0] === 'reach') return reach(argv.slice(1), io);
  if (argv[0] === 'trace') return runTraceCommand(argv.slice(1), io);
  if (argv[0] === 'explain' && argv.slice(1).some((a) => /^--(system|systems|workload)(=|$)/.test(a))) return runExplainSystem(argv.slice(1), io);
  const known = rules.map((r) => r.meta.id);
  const options = parseOptions(argv, known, io.cwd);
  const { positionals } = options;
  if (options.help) {
    io.stdout(`${HELP}\n`);
    return EXIT_CLEAN;
  }
  if (options.version) {
    io.stdout(`${version()}\n`);
    return EXIT_CLEAN;
  }
  if (options.listRules) {
    io.stdout(listRules(rules));
    return EXIT_CLEAN;
  }
  rejectUnknownCommand(positionals[0], io.cwd);
  if (positionals[0] === 'explain') {
    if (positionals.length !== 2) throw new UsageError('explain takes one rule id, e.g. headless-lint explain service-not-headless');
    io.stdout(explainRule(rules, positionals[1] as string));
    return EXIT_CLEAN;
  }

  const found = resolveConfig(io.cwd, options.config ?? (options.configLookup ? undefined : false));
  const configFile = found.file;
  const config = mergeConfig(found.config, options);
  if (options.printConfig) {
    io.stdout(`${JSON.stringify(config, null, 2)}\n`);
    return EXIT_CLEAN;
  }

  const cache = options.cache ? openCache(options.cacheLocation, io.cwd, { version: version(), config, ruleIds: known }) : undefined;
  const timings = newTimings();
  const origin = options.clusterDomain ? '--cluster-domain' : configFile ? displayPathOf(path.resolve(io.cwd, configFile), io.cwd) : 'configuration';
  const versionOrigin = options.istioVersion ? '--istio-version' : configFile ? displayPathOf(path.resolve(io.cwd, configFile), io.cwd) : 'configuration';
  // Paths given beside the clusters are read by every cluster; without clusters they default to '.'.
  const clusters = options.clusters ?? clustersOf(found.config, configFile, io.cwd);
  const lintOptions = {
    ...lintOptionsOf(config, origin, versionOrigin),
    clusters,
    // The file's patterns are relative to its folder, the flags' to the working directory.
    ignorePatterns: options.ignorePatterns,
    ignoreSets: configFile && found.config.ignorePatterns ? [{ base: path.dirname(path.resolve(io.cwd, configFile)), patterns: found.config.ignorePatterns }] : [],
    paths: positionals.length > 0 ? positionals : clusters ? [] : ['.'],
    cwd: io.cwd,
    reportOnly: options.reportOnly,
    readStdin: io.readStdin,
    stdinFilename: options.stdinFilename,
    kustomizeCommand: options.kustomizeCommand,
    helmValues: options.helmValues,
    env: { ...process.env, ...io.env },
    cache,
    ...(options.stats ? { onRuleTimed: (id: string, ms: number) => timings.rules.push([id, ms]), onPhaseTimed: (phase: string, ms: number) => timings.phases.push([phase, ms]) } : {}),
  };
  let fixed: FixOutcome | undefined;
  if (options.fix) {
    const causeOf = new Map(rules.map((r) => [r.meta.id, String(r.meta.cause)]));
    fixed = lintAndFix(lintOptions, { write: options.fix === 'write', causes: options.fixTypes ? new Set(options.fixTypes) : undefined, causeOf: (id) => causeOf.get(id) });
  }
  const outcome = fixed?.outcome ?? lint(lintOptions);
  const baselined = applyBaselineOptions(outcome, options, io);
  const result = options.quiet ? errorsOnly(baselined) : baselined;
  if (fixed) reportFixes(fixed, options, io);

  writeOutputs(result, options, io, outcome.analysis);
  const cacheProblem = cache?.save();
  if (cacheProblem) io.stderr(`headless-lint: ${cacheProblem}\n`);
  if (options.stats) io.stderr(formatStats(timings, result.summary, result.suppressed?.length ?? 0, cache, outcome.skipped?.length ?? 0));
  for (const w of outcome.warnings ?? []) io.stderr(`headless-lint: warning: ${w.path}: ${w.message}\n`);
  for (const e of outcome.inputErrors) io.stderr(`headless-lint: ${e.path}: ${e.message}\n`);
  if (outcome.inputErrors.length > 0) return EXIT_USAGE;
  const code = exitCode(result, config, io);
  // A gate that passes on nothing is the worst failure: green while checking nothing.
  if (code === EXIT_CLEAN && options.errorOnNothingLinted && !(outcome.analyses ?? [outcome.analysis]).some((a) => a.model.resources.some((r) => r.ref.apiVersion !== '' && r.ref.kind !== ''))) {
    io.stderr(`headless-lint: no Kubernetes resource (a document with apiVersion and kind) in ${describeInputs([...positionals, ...(clusters ?? []).flatMap((c) => c.paths)], options.stdinFilename)}: nothing was linted (--no-error-on-unmatched-pattern lets such a run pass)\n`);
    return EXIT_USAGE;
  }
  return code;
}

/** --baseline and --write-baseline over a lint's result. */
function applyBaselineOptions(outcome: LintOutcome, options: CliOptions, io: Io): LintResult {
  const result = outcome.result;
  const linted = new Set((outcome.analyses ?? [outcome.analysis]).flatMap((a) => a.model.resources.map((r) => r.file)));
  const target = options.writeBaseline ?? options.baseline;
  if (target === undefined) return result;
  const abs = path.resolve(io.cwd, target);
  const shown = displayPathOf(abs, io.cwd);
  try {
    if (options.writeBaseline !== undefined) {
      const text = formatBaseline(baselineOf(result.findings));
      try {
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileSync(abs, text);
      } catch (error) {
        throw new UsageError(`cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const entries = parseBaseline(text, shown);
      io.stderr(`headless-lint: wrote ${entries.length} baseline entries (${result.findings.length} findings) to ${shown}\n`);
      return withBaseline(result, applyBaseline(result.findings, entries, linted), []);
    }
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the baseline ${target}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (write one with --write-baseline)' : String(error)}`);
    }
    const entries = parseBaseline(text, shown);
    const match = applyBaseline(result.findings, entries, linted);
    return withBaseline(result, match, options.reportUnusedBaseline ? match.unused.map((e) => unusedEntryFinding(e, shown)) : []);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
}

/** --fix and --fix-dry-run: the diff (dry run), what was fixed, and what --fix may not edit. */
function reportFixes(fixed: FixOutcome, options: CliOptions, io: Io): void {
  if (options.fix === 'dry-run') {
    const diff = diffOf(fixed.files);
    // The diff goes to standard output unless a machine-read format (json, sarif...) is written there.
    const stdoutFormat = options.outputs.find((o) => o.file === undefined)?.format;
    if (stdoutFormat === undefined || stdoutFormat === 'stylish') io.stdout(diff);
    else io.stderr(diff);
  }
  const files = fixed.files.length;
  const verb = options.fix === 'write' ? 'fixed' : 'would fix';
  if (fixed.applied > 0) io.stderr(`headless-lint: ${verb} ${fixed.applied} problem${fixed.applied === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${fixed.passes} pass${fixed.passes === 1 ? '' : 'es'})\n`);
  for (const { finding, reason } of fixed.notApplicable) io.stderr(`headless-lint: not fixed: ${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}: ${reason}\n`);
}

/** What the user gave, for the one line that says it held nothing to lint. */
function describeInputs(paths: string[], stdinFilename: string | undefined): string {
  if (paths.length === 0) return 'the working directory';
  const named = paths.map((p) => (p === '-' ? (stdinFilename ? `standard input (${stdinFilename})` : 'standard input') : p === '.' ? 'the working directory' : p));
  return named.join(', ');
}

/** The subcommands, and the options people type as words; main() dispatches on the first. */
const COMMANDS = ['explain', 'graph', 'reach', 'trace'];
const OPTION_WORDS: Record<string, string> = { help: '--help', version: '--version', 'list-rules': '--list-rules' };

/** A first path that does not exist but is a command's name mistyped: say so, not "no such file". */
function rejectUnknownCommand(first: string | undefined, cwd: string): void {
  if (first === undefined || first === '-' || COMMANDS.includes(first) || hasGlobMagic(first) || existsSync(path.resolve(cwd, first))) return;
  const meant = OPTION_WORDS[first] ?? closest(first, COMMANDS);
  if (meant) throw new UsageError(`"${first}" is neither a file nor a command; did you mean "${meant}"? (see --help)`);
}

function errorsOnly(result: LintResult): LintResult {
  return { ...result, findings: result.findings.filter((f) => f.severity === 'error'), summary: { ...result.summary, warnings: 0, infos: 0 } };
}

function writeOutputs(result: LintResult, options: CliOptions, io: Io, analysis: Analysis): void {
  const context = {
    analysis,
    cwd: io.cwd,
    color: options.color ?? (io.isTTY && !io.env.NO_COLOR),
    rules,
    toolVersion: version(),
    repositoryUrl: repositoryUrl(),
  };
  for (const output of options.outputs) {
    const text = formatters[output.format](result, { ...context, color: output.file ? false : context.color });
    if (output.file === undefined) {
      io.stdout(text);
      continue;
    }
    const target = path.resolve(io.cwd, output.file);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    } catch (error) {
      throw new UsageError(`cannot write ${output.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile && options.outputs.some((o) => o.format === 'github')) appendFileSync(summaryFile, githubStepSummary(result, analysis));
}

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

function exitCode(result: LintResult, config: Config, io: Io): number {
  if (result.findings.some((f) => f.ruleId === INTERNAL_ERROR)) return EXIT_USAGE;
  const threshold = RANK[config.failOn ?? 'error'];
  if (result.findings.some((f) => RANK[f.severity] >= threshold)) return EXIT_FINDINGS;
  if (config.maxWarnings !== undefined && result.summary.warnings > config.maxWarnings) {
    io.stderr(`headless-lint: ${result.summary.warnings} warnings exceed --max-warnings ${config.maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_CLEAN;
}
