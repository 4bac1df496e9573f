/** The public shapes: rule metadata, findings, the lint result (the JSON output contract). */
import type { AnyFact, Fact } from '../facts/define.js';
import type { Model } from '../model/model.js';
import type { Located, ParseProblem, Path } from '../load/parser.js';
import type { Resource, ResourceRef } from '../load/resource.js';
import type { FixProposal } from '../fix/edits.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** The brief's causes 1-6, 'beyond' for the 503 layer, 'input' for problems with the files themselves. */
export type Cause = 1 | 2 | 3 | 4 | 5 | 6 | 'beyond' | 'input';

export const CAUSE_TITLES: Record<string, string> = {
  '1': 'istiod --domain vs the cluster DNS domain',
  '2': 'the Service is not really headless',
  '3': 'the pods get no sidecar',
  '4': 'istiod does not show the Service to its callers',
  '5': 'NetworkPolicies block the traffic',
  '6': 'cluster DNS is wrong',
  beyond: 'mTLS, authorization, protocols and ports',
  input: 'the manifests cannot be read',
};

/** The hops of `trace` (src/trace): each rule's findings explain the hop of its layer. */
export type HopName = 'dns' | 'service' | 'mesh' | 'istiod' | 'network' | 'transport' | 'authorization';

export const HOP_OF_CAUSE: Record<string, HopName> = {
  '1': 'istiod',
  '2': 'service',
  '3': 'mesh',
  '4': 'istiod',
  '5': 'network',
  '6': 'dns',
  beyond: 'transport',
  input: 'service',
};

/** How `trace` reads a rule's findings. */
export interface RuleTrace {
  /** the hops the findings explain; default: the hop of the rule's cause (HOP_OF_CAUSE) */
  hops?: HopName[];
  /**
   * what a finding must be about to concern a trace: `resource` (default) a resource on the traced
   * path; `cluster` the whole cluster (its DNS domain, the control plane), whenever the hop's layer
   * is in play; `input` a manifest as a whole, the hop's own subject
   */
  scope?: 'resource' | 'cluster' | 'input';
  /**
   * the hop computes the same fact itself for the traced caller and target: its findings explain
   * a broken hop but do not decide it (one about another caller of the same pods would otherwise
   * break this trace)
   */
  judgedByHop?: boolean;
}

/** A kind, or a list of kinds of which one suffices (any workload kind, say). */
export type Requirement = string | readonly string[];

/** What a rule file writes: its documentation, its messages, what it uses. */
export interface RuleDefinitionMeta {
  /** stable, kebab-case; a contract with users */
  id: string;
  cause: Cause;
  severity: Severity;
  /** one line, shown in --list-rules */
  description: string;
  /** what breaks at runtime, and why */
  why: string;
  /** commands to confirm it on a live cluster */
  diagnose: string[];
  /** how to fix it */
  fix: string;
  /** public documentation, code or issues the behaviour relies on */
  sources: string[];
  /**
   * The message catalogue: id -> template with {{placeholders}} filled from a report's data.
   * Ids are public (JSON `messageId`, SARIF fingerprints, baselines): never reuse one for another meaning.
   */
  messages: Record<string, string>;
  /** per-finding fix texts, by id, with the same placeholders; a report names one with fixId */
  fixes?: Record<string, string>;
  /**
   * Placeholders that describe but do not identify a finding (counts, lists of other objects):
   * left out of fingerprints, so adding an unrelated caller does not open a new alert.
   */
  volatileData?: string[];
  /** the facts the check uses; using another one throws */
  uses?: AnyFact[];
  /** kinds without which the rule cannot report: the engine skips it when one is absent */
  requires?: Requirement[];
  /** other kinds the check reads itself (not through a fact) */
  reads?: string[];
  trace?: RuleTrace;
  /**
   * Generic rules this one is a more specific account of: where both report the same spot,
   * only this rule's finding is kept (e.g. a misspelled clusterIP is an unknown field to
   * manifest-schema, and a Service that silently loses headlessness to this rule).
   */
  supersedes?: string[];
  /**
   * The repairs the rule offers as edits, each with why it is of that kind: `fix` (applied by
   * --fix: it cannot change what the workload does beyond curing the finding) and `suggestions`
   * (a human must choose or accept a wider effect). A report may carry only the kinds declared.
   */
  fixable?: { fix?: string; suggestions?: string };
}

/** A rule's meta as the engine, the docs and the tests read it. */
export interface RuleMeta extends RuleDefinitionMeta {
  uses: AnyFact[];
  requires: Requirement[];
  /** derived: every kind the rule reads, itself or through its facts */
  reads: string[];
  /** derived: the hops of trace its findings concern */
  hops: HopName[];
}

/** Where a finding or related note points: a field of a resource, or a precomputed location. */
export interface Target {
  /** absent only for problems of a whole file (syntax errors), which give `file` and `located` */
  resource?: Resource;
  file?: string;
  path?: Path;
  /** a location inside the resource's file, when `path` alone cannot express it (embedded text) */
  located?: Located;
  /** point at the key of the field rather than its value */
  key?: boolean;
}

export interface RelatedTarget extends Target {
  message: string;
  /** for facts without a file (a command-line flag) */
  origin?: string;
}

export interface Report extends Target {
  /** a key of the rule's meta.messages */
  messageId: string;
  /** values for the message's (and the fix's) placeholders */
  data?: Record<string, string | number>;
  /** a lower severity than the rule's default, for the uncertain variant of a finding */
  severity?: Severity;
  /** a key of the rule's meta.fixes, for a fix text specific to this finding */
  fixId?: string;
  related?: RelatedTarget[];
  /** the safe repair, as edits (meta.fixable.fix says why it is safe) */
  fix?: FixProposal;
  /** repairs a human chooses among (meta.fixable.suggestions) */
  suggestions?: FixProposal[];
}

export interface RuleContext {
  model: Model;
  /** the value of a fact the rule declares in meta.uses */
  use<T>(fact: Fact<T>): T;
  /** problems met while reading the files (syntax errors), for the rules that report them */
  problems: readonly ParseProblem[];
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export interface RelatedLocation {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
}

/** One change of a file's text, in JS string offsets (UTF-16, as SARIF columnKind) and UTF-8 bytes. */
export interface Replacement {
  offset: number;
  length: number;
  byteOffset: number;
  byteLength: number;
  /** 1-based; the end is exclusive, as in findings */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** what replaces the range */
  text: string;
}

/** A repair of a finding (JSON `autofix` and `suggestions`): the edits as data and the text changes they make. */
export interface ProposedFix {
  /** the rule's fix text for it */
  description: string;
  /** the edits on document paths (`document` is the 0-based index in the file) */
  edits: { file: string; document: number; op: 'set' | 'add' | 'append' | 'delete'; path: (string | number)[]; value?: unknown }[];
  /** the text changes, per file, that the edits make */
  changes: { file: string; replacements: Replacement[] }[];
  /** null when --fix can apply it; else why not, naming the file to change instead (Helm, Kustomize, stdin) */
  notApplicable: string | null;
}

export interface Finding {
  ruleId: string;
  /** the key of the rule's message catalogue this message was made from; null for engine findings without one */
  messageId: string | null;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  resource: ResourceRef | null;
  fix: string | null;
  related: RelatedLocation[];
  /**
   * what identifies the finding apart from where it sits, hashed: rule, messageId, file, resource,
   * the reported path and the message's identifying data, never its line, prose or counts
   * (SARIF partialFingerprints; baselines)
   */
  fingerprint: string;
  /**
   * the Kustomize overlay whose rendering yielded the finding, when several overlays were linted
   * (each is its own cluster); absent otherwise
   */
  overlay?: string;
  /**
   * the cluster (--cluster NAME=PATH, the config file's `clusters:`) whose lint yielded the
   * finding; absent for a single cluster, and for a finding every cluster of the run reports
   * in a file they all read
   */
  cluster?: string;
  /** the fingerprint without the file, for a finding about a resource: baselines follow a resource to its new file */
  movedFingerprint: string | null;
  /** the safe repair, applied by --fix; null when the rule offers none for this finding */
  autofix: ProposedFix | null;
  /** repairs that need a human's choice */
  suggestions: ProposedFix[];
}

export interface Summary {
  files: number;
  documents: number;
  resources: number;
  errors: number;
  warnings: number;
  infos: number;
  /** the Istio release the run judged by; present when the input shows Istio or the version is set */
  istioVersion?: IstioVersionSummary;
  /** in a multi-cluster run: each cluster's own counts and Istio release, in the order given */
  clusters?: ClusterSummary[];
}

export interface ClusterSummary {
  name: string;
  files: number;
  resources: number;
  istioVersion?: IstioVersionSummary;
}

export interface IstioVersionSummary {
  /** "1.22.3", or a minor release ("1.30") when assumed or set so */
  version: string;
  /** setting (--istio-version, the config file), istiod-image, proxy-image, revision, or assumed */
  source: string;
  /** where it was read, as users read it */
  detail: string;
  /** true when nothing in the input or the settings shows it: the newest supported release */
  assumed: boolean;
  /** the version-dependent behaviours the verdicts used while the version was assumed */
  dependsOn: string[];
}

export type SuppressionKind = 'annotation' | 'next-line' | 'file';

export interface Suppression {
  kind: SuppressionKind;
  reason: string;
  /** where the directive is written */
  file: string;
  line: number;
}

/** A finding silenced by a suppression: kept, with the reason, for review (JSON `suppressed`). */
export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

export interface LintResult {
  version: 1;
  findings: Finding[];
  summary: Summary;
  /** findings silenced by annotations or comments; absent only from results built by hand */
  suppressed?: SuppressedFinding[];
  /** with --baseline: how many findings it accepted and how many of its entries matched nothing */
  baseline?: { matched: number; unused: number };
}
