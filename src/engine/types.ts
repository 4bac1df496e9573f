/** The public shapes: rule metadata, findings, the lint result (the JSON output contract). */
import type { Graph } from '../model/model.js';
import type { Located, ParseProblem, Path } from '../load/parser.js';
import type { Resource, ResourceRef } from '../load/resource.js';

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

export interface RuleMeta {
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
  /** kinds the rule reads; the rule is skipped when none is present ([] = always runs) */
  reads: string[];
  /**
   * Generic rules this one is a more specific account of: where both report the same spot,
   * only this rule's finding is kept (e.g. a misspelled clusterIP is an unknown field to
   * manifest-schema, and a Service that silently loses headlessness to this rule).
   */
  supersedes?: string[];
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
  message: string;
  /** a lower severity than the rule's default, for the uncertain variant of a finding */
  severity?: Severity;
  fix?: string;
  related?: RelatedTarget[];
}

export interface RuleContext {
  graph: Graph;
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

export interface Finding {
  ruleId: string;
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
}

export interface Summary {
  files: number;
  documents: number;
  resources: number;
  errors: number;
  warnings: number;
  infos: number;
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
}
