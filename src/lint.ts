/** The whole pipeline: walk -> load -> graph -> rules -> result. The CLI is a thin layer over this. */
import { rules as allRules } from '../rules/index.js';
import { runRules } from './engine/run.js';
import type { Finding, LintResult, Rule, SeveritySetting } from './engine/types.js';
import { DEFAULT_FACTS, Graph, type ClusterFacts } from './graph/graph.js';
import { addSource, loadFiles, type LoadedInput } from './load/loader.js';
import { SourceFile } from './load/source.js';
import { readIgnoreFile, walk } from './load/walker.js';

export interface LintOptions {
  /** files, directories, globs, or '-' for standard input */
  paths: string[];
  cwd?: string;
  ignorePatterns?: string[];
  /** read .headless-lintignore in cwd (default true) */
  useIgnoreFile?: boolean;
  facts?: Partial<ClusterFacts>;
  severities?: Record<string, SeveritySetting>;
  rules?: readonly Rule[];
  readStdin?: () => string;
  onRuleTimed?: (ruleId: string, ms: number) => void;
}

export interface LintOutcome {
  result: LintResult;
  /** paths that could not be read: the run ends with exit code 2, after reporting the rest */
  inputErrors: { path: string; message: string }[];
  graph: Graph;
}

export function lint(options: LintOptions): LintOutcome {
  const cwd = options.cwd ?? process.cwd();
  const ignorePatterns = [...(options.useIgnoreFile === false ? [] : readIgnoreFile(cwd)), ...(options.ignorePatterns ?? [])];
  const walked = walk(options.paths, { cwd, ignorePatterns });
  const facts = { ...DEFAULT_FACTS, ...options.facts };
  const loaded = loadFiles(walked.files, { defaultNamespace: facts.defaultNamespace, readStdin: options.readStdin });
  const outcome = analyse(loaded, options);
  outcome.inputErrors.push(...walked.errors, ...loaded.unreadable);
  return outcome;
}

/** Lint in-memory sources (tests, editors, the API). */
export function lintSources(sources: { path: string; text: string }[], options: Omit<LintOptions, 'paths'> = {}): LintOutcome {
  const facts = { ...DEFAULT_FACTS, ...options.facts };
  const loaded: LoadedInput = { files: [], documents: [], resources: [], problems: [], unreadable: [] };
  for (const source of sources) {
    const file = new SourceFile(source.path, source.text);
    loaded.files.push(file);
    addSource(file, loaded, { defaultNamespace: facts.defaultNamespace });
  }
  return analyse(loaded, options);
}

function analyse(loaded: LoadedInput, options: Omit<LintOptions, 'paths'>): LintOutcome {
  const facts = { ...DEFAULT_FACTS, ...options.facts };
  // Files in path order, documents in source order: the result must not depend on the order
  // the inputs were given in (rules that take "the first" of something would otherwise differ).
  const resources = [...loaded.resources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const graph = new Graph(resources, facts);
  const findings = runRules(graph, options.rules ?? allRules, loaded.problems, { severities: options.severities, onRuleTimed: options.onRuleTimed });
  return {
    result: { version: 1, findings, summary: summarize(findings, loaded) },
    inputErrors: [],
    graph,
  };
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
