/** The whole pipeline: walk -> load -> graph -> rules -> result. The CLI is a thin layer over this. */
import { rules as allRules } from '../rules/index.js';
import path from 'node:path';
import { runRules, sortFindings } from './engine/run.js';
import { applySuppressions, type SuppressResult } from './engine/suppress.js';
import type { Finding, LintResult, Rule, SeveritySetting } from './engine/types.js';
import { facts } from './facts/index.js';
import { FactStore } from './facts/store.js';
import { Model } from './model/model.js';
import { DEFAULT_SETTINGS, type ClusterSettings } from './model/settings.js';
import { addSource, loadFiles, type LoadedInput } from './load/loader.js';
import type { ParseCache } from './load/parse-cache.js';
import { splitRendered } from './load/helm.js';
import { displayPathOf, findIgnoreFile, walk, type IgnoreSet } from './load/walker.js';
import { loadRendered, type RenderedUnit } from './load/rendered-inputs.js';
import { createHash } from 'node:crypto';
import { lintClusters, type ClusterInput } from './lint-clusters.js';
import type { Fleet } from './model/fleet.js';

export interface LintOptions {
  /** files, directories, globs, or '-' for standard input */
  paths: string[];
  cwd?: string;
  ignorePatterns?: string[];
  /** read the nearest .headless-lintignore, in cwd or above, relative to its folder (default true) */
  useIgnoreFile?: boolean;
  /** ignore patterns relative to another folder than cwd (the configuration file's) */
  ignoreSets?: IgnoreSet[];
  /** what the input cannot show about the cluster (--cluster-domain, the config file) */
  settings?: Partial<ClusterSettings>;
  /** @deprecated the former name of `settings` */
  facts?: Partial<ClusterSettings>;
  severities?: Record<string, SeveritySetting>;
  rules?: readonly Rule[];
  readStdin?: () => string;
  /** reads an input file's bytes (default: from disk); the fixer passes its edited texts */
  readFile?: (absPath: string) => Buffer;
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
  /** how to run Kustomize, e.g. ['kustomize', 'build'] (default: kustomize build, else kubectl kustomize, from PATH) */
  kustomizeCommand?: string[];
  /** values files for `helm template` of chart folders, relative to cwd */
  helmValues?: string[];
  /** the environment external tools are found (PATH) and run in; default process.env */
  env?: NodeJS.ProcessEnv;
  /** values of files parsed by earlier runs (--cache); the caller saves it */
  cache?: ParseCache;
  /**
   * several clusters of one mesh (--cluster NAME=PATH): each is linted on its own, with `paths`
   * beside its own, then compared with the ones before it; findings name their cluster
   */
  clusters?: ClusterInput[];
  /** set for each cluster of a multi-cluster run: its name and the clusters linted before it */
  fleet?: Fleet;
}

export interface LintOutcome {
  result: LintResult;
  /** paths that could not be read: the run ends with exit code 2, after reporting the rest */
  inputErrors: { path: string; message: string }[];
  /** the model and the facts the rules used, for trace, graph and reach (the first overlay's, when several were linted) */
  analysis: FactStore;
  /** one per cluster linted: each Kustomize overlay is its own; otherwise just `analysis` */
  analyses?: FactStore[];
  /** in a multi-cluster run: each cluster's analysis (its first overlay's), in the order given */
  clusters?: { name: string; analysis: FactStore }[];
  /** files in directories that hold no Kubernetes resource, skipped (--stats counts them) */
  skipped?: string[];
  /** files named on the command line that hold no Kubernetes resource: one warning each */
  warnings?: { path: string; message: string }[];
}

export function lint(options: LintOptions): LintOutcome {
  const clusters = options.clusters;
  if (clusters?.length) {
    return lintClusters(
      clusters.map((c) => c.name),
      (name, run) => {
        const cluster = clusters.find((c) => c.name === name);
        // The model-only pass is not timed: --stats shows the run that reports.
        const untimed = run.rules ? { onRuleTimed: undefined, onPhaseTimed: undefined } : {};
        return lint({ ...options, ...run, ...untimed, rules: run.rules ?? options.rules, clusters: undefined, paths: [...(cluster?.paths ?? []), ...options.paths], settings: { ...options.facts, ...options.settings, ...cluster?.settings } });
      },
    );
  }
  const cwd = options.cwd ?? process.cwd();
  const ignoreFile = options.useIgnoreFile === false ? undefined : findIgnoreFile(cwd);
  const ignoreSets = [...(ignoreFile ? [ignoreFile] : []), ...(options.ignoreSets ?? [])];
  const walked = timed(options, 'walk', () => walk(options.paths, { cwd, ignorePatterns: options.ignorePatterns ?? [], ignoreSets, stdinFilename: options.stdinFilename }));
  const settings = settingsOf(options);
  const rendered = timed(options, 'render', () => loadRendered(walked, { cwd, defaultNamespace: settings.defaultNamespace, kustomizeCommand: options.kustomizeCommand, helmValues: options.helmValues, env: options.env ?? process.env }));
  const loaded = timed(options, 'parse', () => loadFiles(rendered.plainFiles, { defaultNamespace: settings.defaultNamespace, readStdin: options.readStdin, readFile: options.readFile, cache: options.cache }));
  for (const file of rendered.chartFiles) {
    loaded.files.push(file);
    addSource(file, loaded, { defaultNamespace: settings.defaultNamespace, cache: options.cache });
  }
  loaded.problems.push(...rendered.problems);
  const scoped = { ...options, reportOnly: options.reportOnly?.map((p) => displayPathOf(path.resolve(cwd, p), cwd)) };
  const outcome = rendered.units.length === 0 ? analyse(loaded, scoped) : analyseUnits(loaded, rendered.units, scoped);
  outcome.inputErrors.push(...walked.errors, ...loaded.unreadable, ...rendered.errors);
  outcome.skipped = loaded.skipped ?? [];
  outcome.warnings = loaded.warnings ?? [];
  return outcome;
}

/**
 * Each Kustomize overlay is one cluster: linted on its own, with the plain manifests of the input
 * beside it, so that the objects two overlays share are not duplicates and one overlay's Services
 * do not answer another's DNS names. Findings in the overlays' files are labelled by overlay when
 * there are several; findings in plain files are reported once.
 */
function analyseUnits(plain: LoadedInput, units: RenderedUnit[], options: Omit<LintOptions, 'paths'>): LintOutcome {
  const plainFiles = new Set(plain.files.map((f) => f.path));
  const label = units.length > 1;
  const findings: Finding[] = [];
  const suppressed: NonNullable<LintResult['suppressed']> = [];
  const seen = new Set<string>();
  const analyses: FactStore[] = [];
  const keep = <T extends Finding>(f: T, unit: RenderedUnit, into: T[]) => {
    const labelled = label && !plainFiles.has(f.file) ? withOverlay(f, unit.name) : f;
    const key = `${labelled.fingerprint}\u0000${labelled.line}\u0000${labelled.column}\u0000${labelled.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    into.push(labelled);
  };
  let documents = plain.documents.length;
  let resources = plain.resources.length;
  const files = new Set(plainFiles);
  for (const unit of units) {
    const merged: LoadedInput = {
      files: [...plain.files, ...unit.loaded.files],
      documents: [...plain.documents, ...unit.loaded.documents],
      resources: [...plain.resources, ...unit.loaded.resources],
      problems: [...plain.problems, ...unit.loaded.problems],
      unreadable: [],
    };
    const outcome = analyse(merged, options);
    analyses.push(outcome.analysis);
    for (const f of outcome.result.findings) keep(f, unit, findings);
    for (const f of outcome.result.suppressed ?? []) keep(f, unit, suppressed);
    documents += unit.loaded.documents.length;
    resources += unit.loaded.resources.length;
    for (const f of unit.loaded.files) files.add(f.path);
  }
  const reported = sortFindings(findings);
  const summary = { ...summarize(reported, { files: [], documents: [], resources: [] }), files: files.size, documents, resources };
  return { result: { version: 1, findings: reported, summary, suppressed: sortFindings(suppressed) as typeof suppressed }, inputErrors: [], analysis: analyses[0] as FactStore, analyses };
}

/** The finding as one overlay's: labelled in every format, with a fingerprint of its own. */
function withOverlay<T extends Finding>(f: T, overlay: string): T {
  const fingerprint = createHash('sha256').update(`${f.fingerprint}\u0000overlay\u0000${overlay}`).digest('hex').slice(0, 32);
  return { ...f, message: `${f.message} [overlay ${overlay}]`, fingerprint, overlay };
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

/** Lint in-memory clusters: each one's sources on its own, then compared (tests, the API). */
export function lintSourceClusters(clusters: { name: string; sources: { path: string; text: string }[] }[], options: Omit<LintOptions, 'paths' | 'clusters'> = {}): LintOutcome {
  return lintClusters(
    clusters.map((c) => c.name),
    (name, run) => lintSources(clusters.find((c) => c.name === name)?.sources ?? [], { ...options, ...run, rules: run.rules ?? options.rules }),
  );
}

function analyse(loaded: LoadedInput, options: Omit<LintOptions, 'paths'>): LintOutcome {
  const settings = settingsOf(options);
  // Files in path order, documents in source order: the result must not depend on the order
  // the inputs were given in (rules that take "the first" of something would otherwise differ).
  const resources = [...loaded.resources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const analysis = timed(options, 'graph', () => new FactStore(new Model(resources, settings, options.fleet)));
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
  // A finding concerns a change when its own file or any of its related places is among the changed
  // files: a commit that breaks DNS in a NetworkPolicy is refused though the finding sits on the caller.
  const concerns = (f: Finding) => only!.has(f.file) || f.related.some((r) => r.file !== null && only!.has(r.file));
  const inScope = <T extends Finding>(list: T[]): T[] => sortFindings(only ? list.filter(concerns) : list) as T[];
  const reported = inScope(findings);
  return {
    result: { version: 1, findings: reported, summary: { ...summarize(reported, loaded), ...istioVersionOf(analysis) }, suppressed: inScope(suppressed) },
    inputErrors: [],
    analysis,
    analyses: [analysis],
  };
}

/**
 * The Istio release the run judged by, for the summary: shown when the input shows Istio at all
 * or the version was set, after the rules ran (so what they looked up under an assumed version
 * is known).
 */
function istioVersionOf(analysis: FactStore): Pick<LintResult['summary'], 'istioVersion'> {
  const v = analysis.use(facts.istioVersion);
  if (v.assumed && !analysis.use(facts.istioInUse)) return {};
  return { istioVersion: { version: v.version, source: v.source === 'setting' ? v.detail : v.source, detail: v.detail, assumed: v.assumed, dependsOn: [...v.consulted].sort() } };
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
