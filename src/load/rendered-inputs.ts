/**
 * The inputs a tool must render first: Kustomize folders (each overlay one cluster, see
 * kustomize.ts) and Helm chart folders (chart.ts). What is left of the walked files are plain
 * manifests.
 */
import { readFileSync } from 'node:fs';
import { renderChart } from './chart.js';
import { buildOverlay, defaultKustomizeCommand, missingKustomize } from './kustomize-build.js';
import { inKustomizeFolder, planKustomize } from './kustomize.js';
import { resourcesOf, type LoadedInput } from './loader.js';
import { PROBLEM, type ParseProblem } from './parser.js';
import type { SourceFile } from './source.js';
import { displayPathOf, type WalkedFile, type WalkResult } from './walker.js';

export interface RenderedUnit {
  /** the overlay's folder as shown to users */
  name: string;
  loaded: LoadedInput;
}

export interface RenderedInputs {
  /** walked files that are neither Kustomize's nor a chart's */
  plainFiles: WalkedFile[];
  /** charts rendered by helm, one file per template */
  chartFiles: SourceFile[];
  /** charts that could not be rendered: one problem each */
  problems: ParseProblem[];
  /** one per Kustomize overlay */
  units: RenderedUnit[];
  /** Kustomize or helm missing or failing: exit code 2, the other inputs are still linted */
  errors: { path: string; message: string }[];
}

export interface RenderOptions {
  cwd: string;
  defaultNamespace: string;
  kustomizeCommand?: string[];
  helmValues?: string[];
  env: NodeJS.ProcessEnv;
}

export function loadRendered(walked: WalkResult, options: RenderOptions): RenderedInputs {
  const out: RenderedInputs = { plainFiles: walked.files, chartFiles: [], problems: [], units: [], errors: [] };
  for (const dir of walked.charts) {
    const chart = renderChart(dir, { cwd: options.cwd, values: options.helmValues, env: options.env, readFile: (abs) => readFileSync(abs, 'utf8') });
    if ('files' in chart) out.chartFiles.push(...chart.files);
    else if ('error' in chart) out.errors.push(chart.error);
    else out.problems.push({ file: chart.notRendered, code: PROBLEM.chartNotRendered, message: chart.message, span: chart.notRendered.span(0, 0) });
  }
  if (walked.kustomizations.length === 0) return out;
  const plan = planKustomize(walked.kustomizations);
  // Patches, components and resources of a kustomization are Kustomize's input, not manifests of their own.
  out.plainFiles = walked.files.filter((f) => !plan.owned.has(f.absPath) && !inKustomizeFolder(f.absPath, plan.all));
  for (const k of plan.all.values()) {
    if (k.error) out.errors.push({ path: displayPathOf(k.file, options.cwd), message: `not a readable kustomization: ${k.error}` });
  }
  const command = options.kustomizeCommand ?? defaultKustomizeCommand(options.env);
  for (const overlay of plan.overlays) {
    if (overlay.error) continue;
    if (!command) {
      out.errors.push(missingKustomize(overlay, options.cwd));
      continue;
    }
    const built = buildOverlay(overlay, plan, command, options.cwd, options.env);
    if ('message' in built) {
      out.errors.push(built);
      continue;
    }
    const loaded: LoadedInput = { files: built.files, documents: built.documents, resources: [], problems: [], unreadable: [] };
    for (const doc of built.documents) loaded.resources.push(...resourcesOf(doc, { defaultNamespace: options.defaultNamespace }));
    out.units.push({ name: displayPathOf(overlay.dir, options.cwd), loaded });
  }
  return out;
}
