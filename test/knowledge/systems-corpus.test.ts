/**
 * The catalogue over the real manifests of the shared corpus: every clustered workload there is
 * recognised as what it runs, in the right mode, and nothing else is claimed. Skips where the
 * corpus is absent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { facts } from '../../src/facts/index.js';
import { corpusDir } from '../helpers/corpus.js';
import { analysisOfFiles } from '../helpers/analysis-of.js';

/** project -> workload name -> system id[/mode] */
const EXPECTED: Record<string, Record<string, string>> = {
  'kubernetes-kafka': { kafka: 'kafka', pzoo: 'zookeeper', zoo: 'zookeeper' },
  'kubernetes-elasticsearch-cluster': { 'es-master': 'elasticsearch', 'es-data': 'elasticsearch' },
  'redis-cluster': { 'redis-cluster': 'redis/cluster' },
  'mongo-k8s-sidecar': { mongo: 'mongodb/replica-set' },
  'k8s-e2e-statefulset': { etcd: 'etcd', zoo: 'zookeeper' },
  // the old Kubernetes Redis example runs a sentinel beside the master (SENTINEL=true)
  'kubernetes-examples': { cassandra: 'cassandra', cockroachdb: 'cockroachdb', 'redis-master': 'redis/sentinel' },
  'k8s-website-examples': { zk: 'zookeeper' },
  // Argo CD's HA install runs the redis-ha chart: Redis with Sentinel
  'argo-cd': { 'argocd-redis-ha-server': 'redis/sentinel' },
};

const dir = corpusDir();

function recognised(project: string): Record<string, string> {
  const folder = path.join(dir as string, project);
  const files = Object.fromEntries(
    readdirSync(folder)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => [f, readFileSync(path.join(folder, f), 'utf8')]),
  );
  const analysis = analysisOfFiles(files);
  const index = analysis.use(facts.systems);
  const out: Record<string, string> = {};
  for (const w of analysis.model.workloads) {
    const match = index.of(w);
    if (match) out[w.name] = match.mode ? `${match.system.id}/${match.mode}` : match.system.id;
  }
  return out;
}

describe.skipIf(!dir)('the catalogue over the corpus', () => {
  it.each(Object.keys(EXPECTED))('recognises exactly the clustered workloads of %s', (project) => {
    expect(recognised(project)).toEqual(EXPECTED[project]);
  });

  it('claims no clustered system in projects that run none', () => {
    for (const project of ['microservices-demo', 'istio-samples', 'kube-prometheus', 'istio-rendered', 'istio-crd-examples']) {
      const found = Object.entries(recognised(project)).map(([w, s]) => `${w}=${s}`);
      expect(found, project).toEqual([]);
    }
  });
});
