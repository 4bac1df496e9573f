/**
 * The programmatic API: `lint()` returns the object `--format json` prints, and `formatters`
 * turn it into any other format. Configuration files are found as the CLI finds them.
 */
import path from 'node:path';
import { rules } from '../rules/index.js';
import { findConfig, loadConfig, type Config } from './config/load.js';
import { clustersOf, lintOptionsOf } from './config/merge.js';
import type { LintResult } from './engine/types.js';
import type { FormatContext } from './format/context.js';
import { formatters as builtIn, type FormatName } from './format/index.js';
import { lint as runLint, type LintOptions } from './lint.js';
import { displayPathOf } from './load/walker.js';
import { packageJson, repositoryUrl } from './util/package-info.js';

export interface ApiLintOptions extends Partial<LintOptions> {
  /** a configuration file, or false for none; default: looked up from cwd upward */
  config?: string | false;
}

/** Some paths could not be read; `result` holds what the others yielded. */
export class InputError extends Error {
  constructor(
    readonly errors: { path: string; message: string }[],
    readonly result: LintResult,
  ) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  }
}

/** The configuration a run in `cwd` would use (file settings only), and where it came from. */
export function resolveConfig(cwd: string, config: string | false | undefined): { config: Config; file?: string } {
  const file = config === false ? undefined : (config ?? findConfig(cwd));
  return file ? { config: loadConfig(file, rules.map((r) => r.meta.id), cwd), file } : { config: {} };
}

export function lint(options: ApiLintOptions = {}): LintResult {
  const cwd = options.cwd ?? process.cwd();
  const { config, file } = resolveConfig(cwd, options.config);
  const fromConfig = lintOptionsOf(config, file ? displayPathOf(path.resolve(cwd, file), cwd) : 'configuration');
  const clusters = options.clusters ?? clustersOf(config, file, cwd);
  const outcome = runLint({
    ...fromConfig,
    ...options,
    clusters,
    paths: options.paths ?? (clusters ? [] : ['.']),
    cwd,
    settings: { ...fromConfig.settings, ...options.facts, ...options.settings },
    severities: { ...fromConfig.severities, ...options.severities },
    ignorePatterns: file ? (options.ignorePatterns ?? []) : [...(fromConfig.ignorePatterns ?? []), ...(options.ignorePatterns ?? [])],
    ignoreSets: [...(file && config.ignorePatterns ? [{ base: path.dirname(path.resolve(cwd, file)), patterns: config.ignorePatterns }] : []), ...(options.ignoreSets ?? [])],
  });
  if (outcome.inputErrors.length > 0) throw new InputError(outcome.inputErrors, outcome.result);
  return outcome.result;
}

export type ApiFormatter = (result: LintResult, context?: Partial<FormatContext>) => string;

function defaultContext(): FormatContext {
  return { cwd: process.cwd(), color: false, rules, toolVersion: packageJson().version, repositoryUrl: repositoryUrl() };
}

/** The built-in formats; the context is optional (no colour, every built-in rule described). */
export const formatters = Object.fromEntries(
  Object.entries(builtIn).map(([name, format]) => [name, (result: LintResult, context?: Partial<FormatContext>) => format(result, { ...defaultContext(), ...context })]),
) as Record<FormatName, ApiFormatter>;
