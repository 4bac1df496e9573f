/** A graph built from inline YAML, for module tests. */
import type { Graph } from '../../src/model/model.js';
import { lintSources } from '../../src/lint.js';

export function graphOf(...docs: string[]): Graph {
  return lintSources([{ path: 'in.yaml', text: docs.map((d) => d.replace(/^\n/, '')).join('\n---\n') }], { rules: [] }).graph;
}

export function workload(graph: Graph, name: string) {
  const w = graph.workloads.find((x) => x.name === name);
  if (!w) throw new Error(`no workload ${name}`);
  return w;
}
