/**
 * Istio behaviour by release (knowledge/istio/behaviour.yaml): what a given release does where
 * it changed between releases, with the release note that changed it. Read on first use.
 */
import { readKnowledgeFile } from './data-file.js';

export interface BehaviourChange {
  since: string;
  value: string;
  setting?: string;
  source: string;
}

export interface BehaviourEntry {
  id: string;
  description: string;
  values: Record<string, string>;
  initial: string;
  changes: BehaviourChange[];
  sources: string[];
}

export interface BehaviourCatalogue {
  latest: string;
  latestSource: string;
  behaviours: BehaviourEntry[];
}

/** One behaviour at one release. */
export interface Behaviour {
  id: string;
  value: string;
  /** what the value means, from the data */
  meaning: string;
  /** the release that brought this value; undefined for the value before any listed change */
  since?: string;
  /** the switch that selects it, when there is one */
  setting?: string;
  /** the release note of the change in effect, or of the next change for the initial value */
  source: string;
}

let cache: BehaviourCatalogue | undefined;

export function istioBehaviours(): BehaviourCatalogue {
  cache ??= readKnowledgeFile('istio/behaviour') as BehaviourCatalogue;
  return cache;
}

/** The newest supported release: what is assumed when the input does not show the version. */
export const latestIstio = (): string => istioBehaviours().latest;

/** [major, minor] of a version text ("1.22.3", "1.22", "v1.22.3-distroless"); undefined when it is not one. */
export function minorOf(version: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Orders two versions by major and minor (patch releases do not change behaviour here). */
export function compareMinor(a: string, b: string): number {
  const x = minorOf(a);
  const y = minorOf(b);
  if (!x || !y) throw new Error(`not an Istio version: ${x ? b : a}`);
  return x[0] - y[0] || x[1] - y[1];
}

/**
 * What release `version` does for behaviour `id`: the value of the last change at or before
 * it, else the initial value. Throws on an unknown id (a programming error, not input).
 */
export function behaviourAt(version: string, id: string): Behaviour {
  const entry = istioBehaviours().behaviours.find((b) => b.id === id);
  if (!entry) throw new Error(`unknown Istio behaviour "${id}"`);
  const inEffect = [...entry.changes].sort((a, b) => compareMinor(a.since, b.since)).filter((c) => compareMinor(c.since, version) <= 0).pop();
  if (inEffect) return { id, value: inEffect.value, meaning: entry.values[inEffect.value] ?? '', since: inEffect.since, setting: inEffect.setting, source: inEffect.source };
  const next = entry.changes[0] as BehaviourChange;
  return { id, value: entry.initial, meaning: entry.values[entry.initial] ?? '', source: next.source };
}

/** The ids of every behaviour the data describes. */
export function behaviourIds(): string[] {
  return istioBehaviours().behaviours.map((b) => b.id);
}
