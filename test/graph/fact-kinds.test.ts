/** Each derived fact's kind list (src/graph/fact-kinds.ts) is exactly what the Graph reads for it. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as kinds from '../../src/graph/fact-kinds.js';
import { Graph } from '../../src/model/model.js';
import type { Workload } from '../../src/model/workload.js';
import { lint } from '../../src/lint.js';

const examplesDir = path.resolve(__dirname, '../../examples');
const paths = [...readdirSync(examplesDir).map((d) => path.join(examplesDir, d)), path.resolve(__dirname, '../fixtures/every-kind')];
const rich = lint({ paths, rules: [] }).graph;

/** Facts asked per workload: the list of workloads is taken before recording starts. */
function perWorkload(graph: Graph, use: (w: Workload) => unknown): unknown[] {
  const workloads = graph.workloads;
  graph.kindsRead.clear();
  return workloads.map(use);
}

const facts: [string, readonly string[], (g: Graph) => unknown][] = [
  ['clusterDomain', kinds.DOMAIN_SOURCE_KINDS, (g) => g.clusterDomain],
  ['meshConfigs', kinds.MESH_CONFIG_KINDS, (g) => g.meshConfigs],
  ['injection', kinds.INJECTION_KINDS, (g) => perWorkload(g, (w) => g.injection(w))],
  ['callers', kinds.CALLER_KINDS, (g) => g.callers.references],
  ['headlessUses', kinds.CALLER_KINDS, (g) => g.services().map((s) => g.headlessUses(s))],
  ['headlessPeers', kinds.PEER_KINDS, (g) => g.headlessPeers],
  ['netpol', kinds.NETPOL_KINDS, (g) =>
      perWorkload(g, (w) => {
        const group = g.netpol.groupOf(w);
        return group && g.netpol.evaluate({ kind: 'pods', group }, { kind: 'pods', group }, 'TCP', 5432);
      }),
  ],
  ['mtls', kinds.MTLS_KINDS, (g) => g.mtls],
  ['destinationRules', kinds.DESTINATION_RULE_KINDS, (g) => g.destinationRules],
  ['authorization', kinds.AUTHORIZATION_KINDS, (g) => g.authorization],
  ['clusterDns', kinds.CLUSTER_DNS_KINDS, (g) => g.clusterDns],
  ['sidecarOf', kinds.SIDECAR_KINDS, (g) => perWorkload(g, (w) => g.sidecarOf(w))],
];

describe('fact kind lists', () => {
  for (const [name, declared, use] of facts) {
    it(`${name} reads exactly ${declared.map((k) => k || '(Helm values)').join(', ')}`, () => {
      const graph = new Graph(rich.resources, rich.facts);
      use(graph);
      expect([...graph.kindsRead].sort()).toEqual([...new Set(declared)].sort());
    });
  }
});
