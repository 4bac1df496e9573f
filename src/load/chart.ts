/**
 * Helm chart folders (`Chart.yaml`) in the input. Their files are templates and values, never
 * manifests; the chart is rendered with `helm template` when helm is on PATH and its output read
 * by its `# Source:` comments (helm.ts), each template named by its path in the chart folder.
 * Without helm the chart yields one problem saying how to render it, instead of an error per
 * template.
 */
import path from 'node:path';
import { splitRendered } from './helm.js';
import { SourceFile } from './source.js';
import { findOnPath, runTool } from './tools.js';
import { displayPathOf } from './walker.js';

export interface RenderedChart {
  files: SourceFile[];
}

export type ChartOutcome = RenderedChart | { notRendered: SourceFile; message: string } | { error: { path: string; message: string } };

export function renderChart(dir: string, options: { cwd: string; values?: string[]; env?: NodeJS.ProcessEnv; readFile: (abs: string) => string }): ChartOutcome {
  const shown = displayPathOf(dir, options.cwd);
  const chartFile = path.join(dir, 'Chart.yaml');
  const helm = findOnPath('helm', options.env);
  const valuesArgs = (options.values ?? []).flatMap((v) => ['--values', path.resolve(options.cwd, v)]);
  if (!helm) {
    const values = (options.values ?? []).map((v) => ` -f ${v}`).join('');
    return {
      notRendered: new SourceFile(displayPathOf(chartFile, options.cwd), safeRead(options.readFile, chartFile)),
      message: `${shown} is a Helm chart and helm is not on PATH, so its templates are not rendered and none of them is linted; install helm, or render it and lint the output: helm template RELEASE ${shown}${values} | headless-lint -`,
    };
  }
  const run = runTool([helm, 'template', dir, ...valuesArgs], options.env);
  if (!run.ok) return { error: { path: displayPathOf(chartFile, options.cwd), message: `helm template could not render this chart: ${run.error}` } };
  // `# Source:` paths start with the chart's name, not its folder: name the files the user edits.
  const prefix = path.relative(options.cwd, dir).split(path.sep).join('/');
  const files = splitRendered(shown, run.stdout).map((file) => {
    const slash = file.path.indexOf('/');
    if (file.renderedFrom === undefined || slash === -1) return file;
    return new SourceFile(prefix && !prefix.startsWith('..') ? `${prefix}${file.path.slice(slash)}` : file.path.slice(slash + 1), file.text, shown);
  });
  return { files };
}

function safeRead(read: (abs: string) => string, abs: string): string {
  try {
    return read(abs);
  } catch {
    return '';
  }
}
