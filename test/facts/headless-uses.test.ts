import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/model/model.js';
import { lintSources } from '../../src/lint.js';
import type { Resource } from '../../src/load/resource.js';

function graphOf(files: Record<string, string>): Graph {
  return lintSources(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { rules: [] },
  ).graph;
}

function service(graph: Graph, namespace: string, name: string): Resource {
  const found = graph.get('Service', namespace, name);
  if (!found) throw new Error(`no Service ${namespace}/${name}`);
  return found;
}

const svc = (name: string, namespace = 'data', selector = 'app: db') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  clusterIP: None
  selector: {${selector}}
`;

const workload = (kind: string, name: string, extra: string, labels = 'app: db', namespace = 'data') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${extra}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
        - name: main
          image: example/main:1.0
`;

const pod = (name: string, spec: string, labels = 'app: db') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: data
  labels: {${labels}}
spec:
${spec}
  containers:
    - name: main
      image: example/main:1.0
`;

const callerWithEnv = (value: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: app
spec:
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: example/api:1.0
          env:
            - name: DB_URL
              value: ${value}
`;

describe('graph.headlessUses', () => {
  it("records a StatefulSet's serviceName, in its own namespace only", () => {
    const graph = graphOf({
      'svc.yaml': svc('db') + '---\n' + svc('db', 'other'),
      'sts.yaml': workload('StatefulSet', 'db', '  serviceName: db'),
    });
    const uses = graph.headlessUses(service(graph, 'data', 'db'));
    expect(uses.map((u) => [u.via, u.by.display, u.path.join('.')])).toEqual([['serviceName', 'StatefulSet data/db', 'spec.serviceName']]);
    expect(graph.headlessUses(service(graph, 'other', 'db'))).toEqual([]);
  });

  it("records a Pod's and a Deployment template's subdomain with the path of the field", () => {
    const graph = graphOf({
      'svc.yaml': svc('workers'),
      'pod.yaml': pod('w', '  hostname: w\n  subdomain: workers'),
      'deploy.yaml': workload('Deployment', 'd', '  replicas: 2').replace('    spec:\n', '    spec:\n      subdomain: workers\n'),
    });
    const uses = graph.headlessUses(service(graph, 'data', 'workers'));
    expect(uses.map((u) => [u.via, u.by.display, u.path.join('.')]).sort()).toEqual([
      ['subdomain', 'Deployment data/d', 'spec.template.spec.subdomain'],
      ['subdomain', 'Pod data/w', 'spec.subdomain'],
    ]);
  });

  it("ignores a StatefulSet template's subdomain: the controller replaces it with serviceName", () => {
    const graph = graphOf({
      'svc.yaml': svc('db') + '---\n' + svc('other'),
      'sts.yaml': workload('StatefulSet', 'db', '  serviceName: db').replace('    spec:\n', '    spec:\n      subdomain: other\n'),
    });
    expect(graph.headlessUses(service(graph, 'data', 'other'))).toEqual([]);
    expect(graph.headlessUses(service(graph, 'data', 'db'))).toHaveLength(1);
  });

  it('records per-pod names callers use, located inside the value, and not Service-level names', () => {
    const graph = graphOf({
      'svc.yaml': svc('db'),
      'api.yaml': callerWithEnv('postgres://db-0.db.data.svc.cluster.local:5432/app'),
      'other.yaml': callerWithEnv('db.data.svc.cluster.local:5432').replace('name: api\n', 'name: reporting\n'),
    });
    const uses = graph.headlessUses(service(graph, 'data', 'db'));
    expect(uses).toHaveLength(1);
    const use = uses[0];
    expect(use?.via).toBe('per-pod-name');
    expect(use?.description).toBe('Deployment app/api calls the per-pod name db-0.db.data.svc.cluster.local');
    expect(use?.path.join('.')).toBe('spec.template.spec.containers.0.env.0.value');
    expect(use?.located?.span.start).toEqual({ line: 16, column: 33 });
  });

  it('gives nothing for a Service nobody relies on as headless', () => {
    const graph = graphOf({ 'svc.yaml': svc('db'), 'sts.yaml': workload('StatefulSet', 'db', '  serviceName: other') });
    expect(graph.headlessUses(service(graph, 'data', 'db'))).toEqual([]);
  });
});

describe('graph.selectedBy', () => {
  it('selects pod templates whose labels include the selector, in the same namespace', () => {
    const graph = graphOf({
      'svc.yaml': svc('db', 'data', 'app: db, tier: data'),
      'a.yaml': workload('StatefulSet', 'match', '  serviceName: db', 'app: db, tier: data, extra: x'),
      'b.yaml': workload('Deployment', 'partial', '  replicas: 1', 'app: db'),
      'c.yaml': workload('StatefulSet', 'elsewhere', '  serviceName: db', 'app: db, tier: data', 'other'),
    });
    expect(graph.selectedBy(service(graph, 'data', 'db')).map((w) => w.display)).toEqual(['StatefulSet data/match']);
  });

  it("reads every workload kind's template, including a CronJob's and a bare Pod's labels", () => {
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
  namespace: data
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: db}
        spec:
          containers:
            - name: backup
              image: example/backup:1.0
`;
    const graph = graphOf({ 'svc.yaml': svc('db'), 'cron.yaml': cron, 'pod.yaml': pod('p', '  hostname: p') });
    expect(graph.selectedBy(service(graph, 'data', 'db')).map((w) => w.display).sort()).toEqual(['CronJob data/backup', 'Pod data/p']);
  });

  it('selects nothing for an empty or absent selector, and a value must match exactly', () => {
    const graph = graphOf({
      'svc.yaml': svc('empty', 'data', '') + '---\n' + svc('none', 'data').replace('  selector: {app: db}\n', '') + '---\n' + svc('case', 'data', 'app: DB'),
      'sts.yaml': workload('StatefulSet', 'db', '  serviceName: db'),
    });
    for (const name of ['empty', 'none', 'case']) expect(graph.selectedBy(service(graph, 'data', name))).toEqual([]);
  });

  it('keeps the answer: the same array on every call', () => {
    const graph = graphOf({ 'svc.yaml': svc('db'), 'sts.yaml': workload('StatefulSet', 'db', '  serviceName: db') });
    const s = service(graph, 'data', 'db');
    expect(graph.selectedBy(s)).toBe(graph.selectedBy(s));
  });
});
