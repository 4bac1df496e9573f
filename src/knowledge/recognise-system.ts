/**
 * Which catalogued system a workload runs, from the evidence its manifests give: operator labels
 * weigh most, then settings only that system reads (env names, command words, config keys), then
 * the image and the ports only it uses. A mode is chosen by its own evidence; a system whose image
 * also runs standalone (plain Redis, plain MongoDB) is named only when a mode's evidence shows.
 */
import type { Path } from '../load/parser.js';
import type { Resource } from '../load/resource.js';
import { configKeyMatch } from './config-text.js';
import { systems, type Recognise, type SystemEntry, type SystemMode } from './systems.js';
import type { WorkloadInputs } from './workload-inputs.js';

export type EvidenceKind = 'label' | 'env' | 'args' | 'configKey' | 'image' | 'port';

export interface SystemEvidence {
  kind: EvidenceKind;
  resource: Resource;
  path: Path;
  text: string;
}

export interface SystemMatch {
  system: SystemEntry;
  mode?: string;
  /** the strongest evidence first */
  evidence: SystemEvidence[];
}

const clip = (text: string) => (text.length > 100 ? `${text.slice(0, 97)}...` : text);

const WEIGHT: Record<EvidenceKind, number> = { label: 4, env: 3, args: 3, configKey: 3, image: 2, port: 2 };

const regexCache = new Map<string, RegExp>();
function re(pattern: string): RegExp {
  let compiled = regexCache.get(pattern);
  if (!compiled) regexCache.set(pattern, (compiled = new RegExp(pattern, 'i')));
  return compiled;
}

/** The image's repository name: after the last `/`, before tag and digest. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  return (last.split(':')[0] ?? '').toLowerCase();
}

/** Every piece of evidence for one recognise block, at most one per pattern. */
export function evidenceFor(recognise: Recognise | undefined, inputs: WorkloadInputs): SystemEvidence[] {
  if (!recognise) return [];
  const out: SystemEvidence[] = [];
  const workload = inputs.workload.resource;
  for (const label of recognise.labels ?? []) {
    const value = inputs.labels[label.key];
    if (value !== undefined && (label.value === undefined || re(label.value).test(value))) {
      out.push({ kind: 'label', resource: workload, path: inputs.workload.metadataPath('labels', label.key), text: `${label.key}: ${value}` });
    }
  }
  for (const pattern of recognise.env ?? []) {
    const withValue = pattern.includes('=');
    const hit = inputs.env.find((e) => re(pattern).test(withValue ? `${e.name}=${e.text}` : e.name));
    if (hit) out.push({ kind: 'env', resource: hit.resource, path: hit.path, text: clip(hit.text ? `${hit.name}=${hit.text}` : hit.name) });
  }
  for (const pattern of recognise.args ?? []) {
    const hit = inputs.args.find((a) => re(pattern).test(a.text));
    if (hit) out.push({ kind: 'args', resource: hit.resource, path: hit.path, text: clip(hit.text) });
  }
  for (const key of recognise.configKeys ?? []) {
    for (const file of inputs.configFiles) {
      const setting = configKeyMatch(file.text, key);
      if (setting) {
        out.push({ kind: 'configKey', resource: file.resource, path: file.path, text: clip(`${file.key}: ${setting.text}`) });
        break;
      }
    }
  }
  for (const pattern of recognise.images ?? []) {
    const hit = inputs.images.find((i) => re(pattern).test(imageRepository(i.text)));
    if (hit) out.push({ kind: 'image', resource: hit.resource, path: hit.path, text: `image ${hit.text}` });
  }
  for (const number of recognise.ports ?? []) {
    const hit = inputs.ports.find((p) => p.number === number);
    if (hit) out.push({ kind: 'port', resource: workload, path: hit.path, text: `container port ${number}` });
  }
  return out;
}

function score(evidence: SystemEvidence[]): number {
  // Per kind, not per pattern: an entry with many patterns must not outweigh one decisive label.
  return [...new Set(evidence.map((e) => e.kind))].reduce((sum, kind) => sum + WEIGHT[kind], 0);
}

const byWeight = (a: SystemEvidence, b: SystemEvidence) => WEIGHT[b.kind] - WEIGHT[a.kind];

function modeOf(system: SystemEntry, inputs: WorkloadInputs): { mode?: SystemMode; evidence: SystemEvidence[] } {
  let best: { mode?: SystemMode; evidence: SystemEvidence[]; score: number } = { evidence: [], score: 0 };
  for (const mode of system.modes ?? []) {
    const evidence = evidenceFor(mode.recognise, inputs);
    const s = score(evidence);
    if (s > best.score) best = { mode, evidence, score: s };
  }
  if (best.mode) return best;
  return { mode: system.modes?.find((m) => m.default), evidence: [] };
}

/** The catalogued system a workload runs, if its manifests show one. */
export function recogniseSystem(inputs: WorkloadInputs, catalogue: readonly SystemEntry[] = systems()): SystemMatch | undefined {
  let best: { match: SystemMatch; score: number; settings: boolean } | undefined;
  for (const system of catalogue) {
    const evidence = evidenceFor(system.recognise, inputs);
    if (evidence.length === 0) continue;
    const { mode, evidence: modeEvidence } = modeOf(system, inputs);
    if (system.needsMode && (!mode || modeEvidence.length === 0)) continue;
    const all = [...evidence, ...modeEvidence.filter((m) => !evidence.some((e) => e.path === m.path && e.text === m.text))];
    const s = score(all);
    // On a tie, what the container is told to do beats what it is built from (ZooKeeper run from a Kafka image).
    const settings = all.some((e) => e.kind !== 'image');
    if (!best || s > best.score || (s === best.score && settings && !best.settings)) {
      best = { match: { system, mode: mode?.id, evidence: all.sort(byWeight) }, score: s, settings };
    }
  }
  return best?.match;
}
