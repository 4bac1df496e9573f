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

/** The image without registry port confusion, tag or digest: `quay.io/infinispan/server`. */
export function imagePath(image: string): string {
  const noDigest = (image.split('@')[0] ?? '').toLowerCase();
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

// Every system's image patterns are tested against every workload's images: split each image once.
const repositories = new Map<string, string>();
const paths = new Map<string, string>();
function imageRepositoryOf(image: string): string {
  let repository = repositories.get(image);
  if (repository === undefined) repositories.set(image, (repository = imageRepository(image)));
  return repository;
}
function imagePathOf(image: string): string {
  let found = paths.get(image);
  if (found === undefined) paths.set(image, (found = imagePath(image)));
  return found;
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
    // A pattern with a slash names the repository path, for images whose last part is generic (temporalio/server).
    const hit = inputs.images.find((i) => re(pattern).test(pattern.includes('/') ? imagePathOf(i.text) : imageRepositoryOf(i.text)));
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

/**
 * Most workloads run nothing the catalogue knows. One test of each input against all the
 * catalogue's patterns of a kind at once tells whether any system can match, before each system's
 * patterns are tried one by one (30 systems, each with several patterns, for every workload).
 */
interface Prescreen {
  images?: RegExp;
  imagePaths?: RegExp;
  env?: RegExp;
  envValues?: RegExp;
  args?: RegExp;
  labelKeys: Set<string>;
  ports: Set<number>;
  configKeys: boolean;
}

const prescreens = new WeakMap<readonly SystemEntry[], Prescreen>();

function anyOf(patterns: string[]): RegExp | undefined {
  return patterns.length > 0 ? new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'i') : undefined;
}

function prescreenOf(catalogue: readonly SystemEntry[]): Prescreen {
  let found = prescreens.get(catalogue);
  if (found) return found;
  const all = catalogue.map((s) => s.recognise).filter((r): r is Recognise => r !== undefined);
  const images = all.flatMap((r) => r.images ?? []);
  const env = all.flatMap((r) => r.env ?? []);
  found = {
    images: anyOf(images.filter((p) => !p.includes('/'))),
    imagePaths: anyOf(images.filter((p) => p.includes('/'))),
    env: anyOf(env.filter((p) => !p.includes('='))),
    envValues: anyOf(env.filter((p) => p.includes('='))),
    args: anyOf(all.flatMap((r) => r.args ?? [])),
    labelKeys: new Set(all.flatMap((r) => (r.labels ?? []).map((l) => l.key))),
    ports: new Set(all.flatMap((r) => r.ports ?? [])),
    configKeys: all.some((r) => (r.configKeys ?? []).length > 0),
  };
  prescreens.set(catalogue, found);
  return found;
}

function mayMatchAny(screen: Prescreen, inputs: WorkloadInputs): boolean {
  if (Object.keys(inputs.labels).some((k) => screen.labelKeys.has(k))) return true;
  if (inputs.ports.some((p) => screen.ports.has(p.number))) return true;
  if (screen.configKeys && inputs.configFiles.length > 0) return true;
  if (inputs.env.some((e) => screen.env?.test(e.name) || screen.envValues?.test(`${e.name}=${e.text}`))) return true;
  if (inputs.args.some((a) => screen.args?.test(a.text))) return true;
  return inputs.images.some((i) => screen.images?.test(imageRepositoryOf(i.text)) || screen.imagePaths?.test(imagePathOf(i.text)));
}

/** The catalogued system a workload runs, if its manifests show one. */
export function recogniseSystem(inputs: WorkloadInputs, catalogue: readonly SystemEntry[] = systems()): SystemMatch | undefined {
  if (!mayMatchAny(prescreenOf(catalogue), inputs)) return undefined;
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
