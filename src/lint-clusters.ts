/**
 * Several clusters in one run (--cluster NAME=PATH, the config file's `clusters:`): each cluster
 * is linted on its own (its own Services, DNS and control plane), in the order given, and sees the
 * clusters before it, so the cross-cluster rules can compare. A finding in a cluster's files is
 * labelled with that cluster; one that every cluster reports alike, in a file they all read (the
 * paths given besides --cluster), is reported once, unlabelled.
 */
import { createHash } from 'node:crypto';
import { sortFindings } from './engine/run.js';
import type { ClusterSummary, Finding, LintResult, Rule } from './engine/types.js';
import type { LintOutcome } from './lint.js';
import type { Fleet, PeerCluster } from './model/fleet.js';
import type { ClusterSettings } from './model/settings.js';

/** One cluster of the run: its name and its inputs (files, folders, globs, relative to cwd). */
export interface ClusterInput {
  name: string;
  paths: string[];
  /** what differs from the run's settings for this cluster (its own cluster domain, Istio release) */
  settings?: Partial<ClusterSettings>;
}

/** How one cluster is linted: its own rules with the fleet, or (rules: []) only its model. */
export type LintCluster = (cluster: string, run: { fleet?: Fleet; rules?: readonly Rule[] }) => LintOutcome;

/**
 * Lints each cluster in order, each seeing every other one; then merges. Every cluster's model is
 * built first, without rules, so a cluster's rules see the clusters after it too (a Service whose
 * pods run only in a later cluster); cross-cluster comparisons use the earlier ones only.
 */
export function lintClusters(names: readonly string[], lintOne: LintCluster): LintOutcome {
  const peers: PeerCluster[] = names.length > 1 ? names.map((name) => ({ name, analysis: lintOne(name, { rules: [] }).analysis })) : [];
  const outcomes = names.map((name, i) => ({ name, outcome: lintOne(name, { fleet: { cluster: name, earlier: peers.slice(0, i), others: peers.filter((p) => p.name !== name) } }) }));
  return mergeOutcomes(outcomes);
}

const spotOf = (f: Finding) => `${f.fingerprint}\u0000${f.file}\u0000${f.line}\u0000${f.column}\u0000${f.message}`;

function mergeOutcomes(outcomes: { name: string; outcome: LintOutcome }[]): LintOutcome {
  const labelled = <T extends Finding>(pick: (r: LintResult) => T[] | undefined): T[] => {
    // How many clusters report the very same finding: all of them, and it is one finding of a shared file.
    const count = new Map<string, number>();
    for (const { outcome } of outcomes) for (const key of new Set((pick(outcome.result) ?? []).map(spotOf))) count.set(key, (count.get(key) ?? 0) + 1);
    const out: T[] = [];
    const once = new Set<string>();
    for (const { name, outcome } of outcomes) {
      for (const f of pick(outcome.result) ?? []) {
        const key = spotOf(f);
        if (outcomes.length > 1 && count.get(key) === outcomes.length) {
          if (!once.has(key)) out.push(f);
          once.add(key);
        } else out.push(withCluster(f, name));
      }
    }
    return sortFindings(out) as T[];
  };
  const findings = labelled((r) => r.findings);
  const suppressed = labelled((r) => r.suppressed);
  const clusters: ClusterSummary[] = outcomes.map(({ name, outcome }) => ({
    name,
    files: outcome.result.summary.files,
    resources: outcome.result.summary.resources,
    ...(outcome.result.summary.istioVersion ? { istioVersion: outcome.result.summary.istioVersion } : {}),
  }));
  const sum = (key: 'files' | 'documents' | 'resources') => outcomes.reduce((n, { outcome }) => n + outcome.result.summary[key], 0);
  const istioVersion = outcomes.find(({ outcome }) => outcome.result.summary.istioVersion)?.outcome.result.summary.istioVersion;
  const summary: LintResult['summary'] = {
    // Each cluster counts what it read: a file two clusters read counts twice.
    files: sum('files'),
    documents: sum('documents'),
    resources: sum('resources'),
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
    ...(istioVersion ? { istioVersion } : {}),
    clusters,
  };
  const unique = <T>(list: T[], key: (t: T) => string) => [...new Map(list.map((t) => [key(t), t])).values()];
  const all = outcomes.map((o) => o.outcome);
  return {
    result: { version: 1, findings, summary, suppressed: suppressed as NonNullable<LintResult['suppressed']> },
    inputErrors: unique(
      all.flatMap((o) => o.inputErrors),
      (e) => `${e.path}\u0000${e.message}`,
    ),
    analysis: all[0]?.analysis as LintOutcome['analysis'],
    clusters: outcomes.map(({ name, outcome }) => ({ name, analysis: outcome.analysis })),
    analyses: all.flatMap((o) => o.analyses ?? [o.analysis]),
    skipped: [...new Set(all.flatMap((o) => o.skipped ?? []))],
    warnings: unique(
      all.flatMap((o) => o.warnings ?? []),
      (w) => `${w.path}\u0000${w.message}`,
    ),
  };
}

/** The finding as one cluster's: labelled in every format, with a fingerprint of its own. */
function withCluster<T extends Finding>(f: T, cluster: string): T {
  const salt = (fingerprint: string) => createHash('sha256').update(`${fingerprint}\u0000cluster\u0000${cluster}`).digest('hex').slice(0, 32);
  return { ...f, message: `${f.message} [cluster ${cluster}]`, fingerprint: salt(f.fingerprint), movedFingerprint: f.movedFingerprint && salt(f.movedFingerprint), cluster };
}
