/**
 * Renders one overlay with the real Kustomize and maps every object back to the file it came
 * from. Origin annotations are switched on without touching the user's files: a throwaway
 * kustomization in a temporary folder names the overlay as its only resource and asks for
 * `buildMetadata: [originAnnotations]` (Kustomize 4.5+), whose annotation
 * `config.kubernetes.io/origin` gives each object's source path (relative to that folder) or,
 * for generated objects, the kustomization that generated it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { chainOf, type Kustomization, type KustomizePlan } from './kustomize.js';
import { parseSource, type SourceDocument } from './parser.js';
import { RenderedDocument, type AppliedPatch, type Setter } from './rendered-document.js';
import { asArray, asObj, asString } from './resource.js';
import { SourceFile } from './source.js';
import { findOnPath, runTool } from './tools.js';
import { displayPathOf } from './walker.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** `kustomize build` when kustomize is on PATH, else `kubectl kustomize`; undefined when neither is. */
export function defaultKustomizeCommand(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  if (findOnPath('kustomize', env)) return ['kustomize', 'build'];
  if (findOnPath('kubectl', env)) return ['kubectl', 'kustomize'];
  return undefined;
}

export interface BuiltOverlay {
  /** the files the objects are located in (sources, patches, kustomizations) */
  files: SourceFile[];
  documents: RenderedDocument[];
}

export interface BuildError {
  path: string;
  message: string;
}

export function missingKustomize(overlay: Kustomization, cwd: string): BuildError {
  const shown = displayPathOf(overlay.dir, cwd);
  return {
    path: shown,
    message: `is a Kustomize folder (${path.basename(overlay.file)}), but neither kustomize nor kubectl is on PATH, so it cannot be rendered; install kubectl (it includes Kustomize: https://kubernetes.io/docs/tasks/tools/) or pipe the rendered output: kubectl kustomize ${shown} | headless-lint --stdin-filename ${shown} -`,
  };
}

export function buildOverlay(overlay: Kustomization, plan: KustomizePlan, command: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): BuiltOverlay | BuildError {
  const work = mkdtempSync(path.join(tmpdir(), 'headless-lint-kustomize-'));
  const relative = path.relative(work, overlay.dir).split(path.sep).join('/');
  let run;
  try {
    writeFileSync(path.join(work, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(relative)}\nbuildMetadata: [originAnnotations]\n`);
    run = runTool([...command, work], env);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (!run.ok) {
    const reason = run.error.split(`${work}/${relative}`).join(displayPathOf(overlay.dir, cwd)).split(`${work}/`).join('').split(relative).join(displayPathOf(overlay.dir, cwd));
    return { path: displayPathOf(overlay.file, cwd), message: `${command.join(' ')} could not build this kustomization: ${reason}` };
  }
  return new OriginMapper(overlay, plan, work, cwd).map(run.stdout);
}

/** Reads the source, patch and kustomization files an overlay's objects came from, each once. */
class OriginMapper {
  private readonly files = new Map<string, { file: SourceFile; docs: SourceDocument[] }>();
  private readonly chain: Kustomization[];

  constructor(
    private readonly overlay: Kustomization,
    private readonly plan: KustomizePlan,
    private readonly work: string,
    private readonly cwd: string,
  ) {
    this.chain = chainOf(overlay, plan.all);
  }

  map(rendered: string): BuiltOverlay {
    const documents: RenderedDocument[] = [];
    const renderedFile = new SourceFile(displayPathOf(this.overlay.dir, this.cwd), rendered);
    for (const doc of parseSource(renderedFile).documents) {
      const value = asObj(doc.value);
      if (!value) continue;
      documents.push(this.document(value));
    }
    return { files: [...this.files.values()].map((f) => f.file), documents };
  }

  private read(abs: string, shown = displayPathOf(abs, this.cwd)): { file: SourceFile; docs: SourceDocument[] } {
    let entry = this.files.get(abs);
    if (!entry) {
      let text = '';
      try {
        text = readFileSync(abs, 'utf8');
      } catch {
        // a remote base or a file Kustomize generated: located at its first line
      }
      const file = new SourceFile(shown, text);
      entry = { file, docs: parseSource(file).documents };
      this.files.set(abs, entry);
    }
    return entry;
  }

  private document(value: Record<string, unknown>): RenderedDocument {
    const origin = takeOrigin(value);
    const kind = asString(value.kind) ?? '';
    const name = asString(asObj(value.metadata)?.name) ?? '';
    const originPath = asString(origin?.path);
    const generatedIn = asString(origin?.configuredIn);
    let source: SourceDocument | undefined;
    let anchor: (string | number)[] = [];
    let file: SourceFile;
    if (asString(origin?.repo)) {
      file = this.read(`remote:${asString(origin?.repo)}/${originPath ?? ''}`, `${asString(origin?.repo)}/${originPath ?? ''}`).file;
    } else if (originPath) {
      const entry = this.read(path.resolve(this.work, originPath));
      file = entry.file;
      source = pickDocument(entry.docs, kind, name);
    } else if (generatedIn) {
      const entry = this.read(path.resolve(this.work, generatedIn));
      file = entry.file;
      source = entry.docs[0];
      anchor = generatorEntry(source?.value, asString(asObj(origin?.configuredBy)?.kind), name);
    } else {
      file = this.read(this.overlay.file).file;
      source = this.read(this.overlay.file).docs[0];
    }
    const originalName = asString(asObj(asObj(source?.value)?.metadata)?.name) ?? name;
    return new RenderedDocument(source, file, value, anchor, this.patchesOf(kind, originalName), this.setters());
  }

  private patchesOf(kind: string, name: string): AppliedPatch[] {
    const out: AppliedPatch[] = [];
    // The overlay's patches apply last, so the chain is walked from the deepest base up.
    for (const k of [...this.chain].reverse()) {
      for (const ref of k.patches) {
        if (!ref.file) continue;
        if (ref.target && !targets(ref.target, kind, name)) continue;
        for (const doc of this.read(ref.file).docs) {
          const json6902 = Array.isArray(doc.value);
          const v = asObj(doc.value);
          if (!json6902 && !ref.target && (v?.kind !== kind || asString(asObj(v?.metadata)?.name) !== name)) continue;
          out.push({ doc, json6902 });
        }
      }
    }
    return out;
  }

  private setters(): Setter[] {
    const out: Setter[] = [];
    let namespaced = false;
    for (const k of this.chain) {
      const doc = this.read(k.file).docs[0];
      if (!doc) continue;
      // The outermost kustomization that sets a namespace wins.
      if (!namespaced && typeof k.value.namespace === 'string') {
        out.push({ field: ['metadata', 'namespace'], doc, key: 'namespace', whole: true });
        namespaced = true;
      }
      for (const key of ['namePrefix', 'nameSuffix']) if (typeof k.value[key] === 'string') out.push({ field: ['metadata', 'name'], doc, key, whole: false });
    }
    return out;
  }
}

/** The origin annotation, removed from the object: it was asked for by headless-lint, not written by the user. */
function takeOrigin(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const metadata = asObj(value.metadata);
  const annotations = asObj(metadata?.annotations);
  const text = annotations?.[ORIGIN_ANNOTATION];
  if (!metadata || !annotations || typeof text !== 'string') return undefined;
  delete annotations[ORIGIN_ANNOTATION];
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  try {
    return asObj(parse(text));
  } catch {
    return undefined;
  }
}

/** The document of a source file that holds the object: same kind, and its name inside the rendered one. */
function pickDocument(docs: SourceDocument[], kind: string, renderedName: string): SourceDocument | undefined {
  let best: SourceDocument | undefined;
  let bestLength = -1;
  for (const doc of docs) {
    const v = asObj(doc.value);
    if (v?.kind !== kind) continue;
    const n = asString(asObj(v.metadata)?.name) ?? '';
    if (n === renderedName) return doc;
    if (renderedName.includes(n) && n.length > bestLength) {
      best = doc;
      bestLength = n.length;
    }
  }
  return best ?? docs.find((d) => asObj(d.value)?.kind === kind) ?? docs[0];
}

function targets(target: { kind?: string; name?: string }, kind: string, name: string): boolean {
  if (target.kind && target.kind !== kind) return false;
  if (!target.name) return true;
  try {
    return new RegExp(`^(?:${target.name})$`).test(name);
  } catch {
    return target.name === name;
  }
}

const GENERATOR_KEYS: Record<string, string> = { ConfigMapGenerator: 'configMapGenerator', SecretGenerator: 'secretGenerator', HelmChartInflationGenerator: 'helmCharts' };

/** The generator entry of a kustomization that made a generated object (names gain a prefix and a hash). */
function generatorEntry(kustomization: unknown, generator: string | undefined, renderedName: string): (string | number)[] {
  const key = generator ? GENERATOR_KEYS[generator] : undefined;
  if (!key) return [];
  const entries = asArray(asObj(kustomization)?.[key]);
  const index = entries.findIndex((e) => {
    const n = asString(asObj(e)?.name);
    return n !== undefined && renderedName.includes(n);
  });
  return index === -1 ? [key] : [key, index, 'name'];
}
