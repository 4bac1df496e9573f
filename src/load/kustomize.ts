/**
 * Kustomize folders in the input: which folders are kustomizations, what each one refers to
 * (bases, components, resource files, patches, generator inputs), and from that which of them
 * are overlays to render (a kustomization no other one in the input uses) and which walked files
 * belong to Kustomize rather than being manifests of their own.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { asArray, asObj, asString } from './resource.js';

/** The names Kustomize looks for, in its order. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The kustomization file of a folder, if it is a Kustomize folder. */
export function kustomizationIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

export interface PatchRef {
  /** absolute path of the patch file, or undefined for an inline patch */
  file?: string;
  /** the `target` selector of a `patches` entry */
  target?: { kind?: string; name?: string };
}

export interface Kustomization {
  /** absolute folder */
  dir: string;
  /** absolute path of its kustomization file */
  file: string;
  /** kind: Component cannot be built on its own */
  component: boolean;
  /** folders it builds on: bases in `resources` (and the old `bases`) and `components` */
  uses: string[];
  /** every file it names: resource files, patches, generator inputs, transformers */
  files: string[];
  patches: PatchRef[];
  /** the parsed file, for the transformers that set fields (namespace, namePrefix) */
  value: Record<string, unknown>;
  /** the file could not be read as YAML */
  error?: string;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A `configMapGenerator` file entry is `path` or `key=path`. */
function generatorFile(entry: string): string {
  const eq = entry.indexOf('=');
  return eq === -1 ? entry : entry.slice(eq + 1);
}

export function readKustomization(file: string): Kustomization {
  const dir = path.dirname(file);
  const k: Kustomization = { dir, file, component: false, uses: [], files: [], patches: [], value: {} };
  let value: Record<string, unknown> | undefined;
  try {
    value = asObj(parse(readFileSync(file, 'utf8')));
  } catch (error) {
    k.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return k;
  }
  if (!value) return k;
  k.value = value;
  k.component = value.kind === 'Component';
  const local = (p: string | undefined): string | undefined => (p && !/^[a-z]+:\/\//i.test(p) && !p.includes('\n') ? path.resolve(dir, p) : undefined);
  for (const entry of [...asArray(value.resources), ...asArray(value.bases), ...asArray(value.components)]) {
    const abs = local(asString(entry));
    if (!abs) continue;
    if (isDir(abs)) k.uses.push(abs);
    else k.files.push(abs);
  }
  const addFile = (p: string | undefined) => {
    const abs = local(p);
    if (abs) k.files.push(abs);
  };
  for (const entry of asArray(value.patchesStrategicMerge)) {
    const abs = local(asString(entry));
    if (abs) k.patches.push({ file: abs });
  }
  for (const entry of [...asArray(value.patches), ...asArray(value.patchesJson6902)]) {
    const obj = asObj(entry);
    const target = asObj(obj?.target);
    const abs = local(asString(obj?.path) ?? asString(entry));
    k.patches.push({ file: abs, target: target ? { kind: asString(target.kind), name: asString(target.name) } : undefined });
  }
  for (const p of k.patches) if (p.file) k.files.push(p.file);
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const gen of asArray(value[key])) {
      const obj = asObj(gen);
      for (const f of asArray(obj?.files)) addFile(generatorFile(asString(f) ?? ''));
      for (const f of [...asArray(obj?.envs), obj?.env]) addFile(asString(f));
    }
  }
  for (const key of ['crds', 'transformers', 'generators', 'validators', 'configurations']) {
    for (const f of asArray(value[key])) {
      const abs = local(asString(f));
      if (abs && !isDir(abs)) k.files.push(abs);
      else if (abs) k.uses.push(abs);
    }
  }
  for (const r of asArray(value.replacements)) addFile(asString(asObj(r)?.path));
  addFile(asString(asObj(value.openapi)?.path));
  return k;
}

export interface KustomizePlan {
  /** kustomizations to render, one cluster each: those no other kustomization of the input uses */
  overlays: Kustomization[];
  /** every kustomization of the input, by folder */
  all: Map<string, Kustomization>;
  /** absolute paths of walked files that belong to Kustomize: not manifests of their own */
  owned: Set<string>;
}

/**
 * From the kustomization folders found in the input: the overlays (what no other kustomization
 * uses; a base no overlay uses is rendered on its own) and the files Kustomize owns. Every
 * kustomization reachable from one in the input is read, so files of a base outside the input
 * are known too.
 */
export function planKustomize(dirs: readonly string[]): KustomizePlan {
  const all = new Map<string, Kustomization>();
  const visit = (dir: string) => {
    if (all.has(dir)) return;
    const file = kustomizationIn(dir);
    if (!file) return;
    const k = readKustomization(file);
    all.set(dir, k);
    for (const used of k.uses) visit(used);
  };
  for (const dir of dirs) visit(dir);
  const used = new Set<string>();
  for (const k of all.values()) for (const u of k.uses) used.add(u);
  const owned = new Set<string>();
  for (const k of all.values()) {
    owned.add(k.file);
    for (const f of k.files) owned.add(f);
  }
  const overlays = dirs
    .map((d) => all.get(d))
    .filter((k): k is Kustomization => k !== undefined && !k.component && !used.has(k.dir))
    .filter((k, i, list) => list.indexOf(k) === i)
    .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  return { overlays, all, owned };
}

/** The kustomizations an overlay builds on, itself first, each once. */
export function chainOf(overlay: Kustomization, all: Map<string, Kustomization>): Kustomization[] {
  const out: Kustomization[] = [];
  const visit = (k: Kustomization | undefined) => {
    if (!k || out.includes(k)) return;
    out.push(k);
    for (const u of k.uses) visit(all.get(u));
  };
  visit(overlay);
  return out;
}

/** Whether a walked file lies in a Kustomize folder (Kustomize decides what of it is deployed). */
export function inKustomizeFolder(file: string, all: Map<string, Kustomization>): boolean {
  return all.has(path.dirname(file));
}
