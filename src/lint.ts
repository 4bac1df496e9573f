/** The whole pipeline: walk -> load -> graph -> rules -> result. The CLI is a thin layer over this. */
import { rules as allRules } from '../rules/index.js';
import path from 'node:path';
import { runRules, sortFindings } from './engine/run.js';
import { applySuppressions, type SuppressResult } from './engine/suppress.js';
import type { Finding, LintResult, Rule, SeveritySetting } from './engine/types.js';
import { FactStore } from './facts/store.js';
import { Model } from './model/model.js';
import { DEFAULT_SETTINGS, type ClusterSettings } from './model/settings.js';
import { addSource, loadFiles, type LoadedInput } from './load/loader.js';
import type { ParseCache } from './load/parse-cache.js';
import { splitRendered } from './load/helm.js';
import { displayPathOf, readIgnoreFile, walk } from './load/walker.js';

export interface LintOptions {
  /** files, directories, globs, or '-' for standard input */
  paths: string[];
  cwd?: string;
  ignorePatterns?: string[];
  /** read .headless-lintignore in cwd (default true) */
  useIgnoreFile?: boolean;
  /** what the input cannot show about the cluster (--cluster-domain, the config file) */
  settings?: Partial<ClusterSettings>;
  /** @deprecated the former name of `settings` */
  facts?: Partial<ClusterSettings>;
  severities?: Record<string, SeveritySetting>;
  rules?: readonly Rule[];
  readStdin?: () => string;
  /** the name standard input (`-`) is shown as in every format, as ESLint's --stdin-filename */
  stdinFilename?: string;
  onRuleTimed?: (ruleId: string, ms: number) => void;
  /** called with the time of each phase (walk, parse, graph, rules, suppress), for --stats */
  onPhaseTimed?: (phase: string, ms: number) => void;
  /** ignore suppression annotations and comments (platform teams) */
  noInlineConfig?: boolean;
  /** report suppressions that silence nothing */
  reportUnusedDisableDirectives?: boolean;
  /** analyse everything, report only findings in these files (paths relative to cwd) */
  reportOnly?: string[];
  /** values of files parsed by earlier runs (--cache); the caller saves it */
  cache?: ParseCache;
}

export interface LintOutcome {
  result: LintResult;
  /** paths that could not be read: the run ends with exit code 2, after reporting the rest */
  inputErrors: { path: string; message: string }[];
  /** the model and the facts the rules used, for trace, graph and reach */
  analysis: FactStore;
}

export function lint(options: LintOptions): LintOutcome {
  const cwd = options.cwd ?? process.cwd();
  const ignorePatterns = [...(options.useIgnoreFile === false ? [] : readIgnoreFile(cwd)), ...(options.ignorePatterns ?? [])];
  const walked = timed(options, 'walk', () => walk(options.paths, { cwd, ignorePatterns, stdinFilename: options.stdinFilename }));
  const settings = settingsOf(options);
  const loaded = timed(options, 'parse', () => loadFiles(walked.files, { defaultNamespace: settings.defaultNamespace, readStdin: options.readStdin, cache: options.cache }));
  const outcome = analyse(loaded, { ...options, reportOnly: options.reportOnly?.map((p) => displayPathOf(path.resolve(cwd, p), cwd)) });
  outcome.inputErrors.push(...walked.errors, ...loaded.unreadable);
  return outcome;
}

/** Lint in-memory sources (tests, editors, the API). */
export function lintSources(sources: { path: string; text: string }[], options: Omit<LintOptions, 'paths'> = {}): LintOutcome {
  const settings = settingsOf(options);
  const loaded: LoadedInput = { files: [], documents: [], resources: [], problems: [], unreadable: [] };
  for (const source of sources) {
    for (const file of splitRendered(source.path, source.text)) {
      loaded.files.push(file);
      addSource(file, loaded, { defaultNamespace: settings.defaultNamespace });
    }
  }
  return analyse(loaded, options);
}

function analyse(loaded: LoadedInput, options: Omit<LintOptions, 'paths'>): LintOutcome {
  const settings = settingsOf(options);
  // Files in path order, documents in source order: the result must not depend on the order
  // the inputs were given in (rules that take "the first" of something would otherwise differ).
  const resources = [...loaded.resources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const analysis = timed(options, 'graph', () => new FactStore(new Model(resources, settings)));
  const rules = options.rules ?? allRules;
  const raw = timed(options, 'rules', () => runRules(analysis, rules, loaded.problems, { severities: options.severities, onRuleTimed: options.onRuleTimed }));
  const { findings, suppressed }: SuppressResult = options.noInlineConfig
    ? { findings: raw, suppressed: [] }
    : timed(options, 'suppress', () =>
        applySuppressions(raw, loaded.files, loaded.resources, {
          knownRules: [...allRules, ...rules].map((r) => r.meta.id),
          reportUnused: options.reportUnusedDisableDirectives,
        }),
      );
  const only = options.reportOnly ? new Set(options.reportOnly) : undefined;
  const inScope = <T extends Finding>(list: T[]): T[] => sortFindings(only ? list.filter((f) => only.has(f.file)) : list) as T[];
  const reported = inScope(findings);
  return {
    result: { version: 1, findings: reported, summary: summarize(reported, loaded), suppressed: inScope(suppressed) },
    inputErrors: [],
    analysis,
  };
}

function settingsOf(options: Pick<LintOptions, 'settings' | 'facts'>): ClusterSettings {
  return { ...DEFAULT_SETTINGS, ...options.facts, ...options.settings };
}

function timed<T>(options: Pick<LintOptions, 'onPhaseTimed'>, phase: string, work: () => T): T {
  if (!options.onPhaseTimed) return work();
  const started = performance.now();
  const value = work();
  options.onPhaseTimed(phase, performance.now() - started);
  return value;
}

export function summarize(findings: Finding[], loaded: Pick<LoadedInput, 'files' | 'documents' | 'resources'>): LintResult['summary'] {
  return {
    files: loaded.files.length,
    documents: loaded.documents.length,
    resources: loaded.resources.length,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}
