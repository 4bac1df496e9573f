import { describe, expect, it } from 'vitest';
import { analysisOf, service } from '../helpers/analysis-of.js';
import { deploymentByHash } from '../../src/model/owners.js';
import type { Resource } from '../../src/load/resource.js';

/** An object as `kubectl get -o yaml` prints it: a controller ownerReference, labels, replicas. */
function live(kind: string, name: string, o: { owner?: [string, string]; labels?: Record<string, string>; replicas?: number; revision?: number; apiVersion?: string; template?: boolean } = {}): string {
  const labels = { app: 'web', ...o.labels };
  const labelText = `{${Object.entries(labels).map(([k, v]) => `${k}: "${v}"`).join(', ')}}`;
  const owner = o.owner ? `\n  ownerReferences:\n    - {apiVersion: apps/v1, kind: ${o.owner[0]}, name: ${o.owner[1]}, uid: u-${o.owner[1]}, controller: true, blockOwnerDeletion: true}` : '';
  const revision = o.revision === undefined ? '' : `\n  annotations: {deployment.kubernetes.io/revision: "${o.revision}"}`;
  const head = `apiVersion: ${o.apiVersion ?? (kind === 'Pod' ? 'v1' : 'apps/v1')}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: shop\n  uid: u-${name}\n  labels: ${labelText}${owner}${revision}\n`;
  if (kind === 'Pod') return `${head}spec:\n  containers:\n    - {name: web, image: example/web:2}\nstatus: {phase: Running, podIP: 10.0.0.9}\n`;
  if (kind === 'ControllerRevision') return `${head}revision: 1\ndata: {}\n`;
  const replicas = o.replicas === undefined ? '' : `  replicas: ${o.replicas}\n`;
  return `${head}spec:\n${replicas}  selector: {matchLabels: {app: web}}\n  template:\n    metadata:\n      labels: ${labelText}\n    spec:\n      containers:\n        - {name: web, image: example/web:2}\n`;
}

const names = (rs: readonly { display: string }[]) => rs.map((r) => r.display).sort();

describe('owners and rollout history', () => {
  it("collapses a Deployment's ReplicaSets and Pods into it, and sets scaled-down revisions aside as history", () => {
    const a = analysisOf(
      live('Deployment', 'web', { replicas: 2 }),
      live('ReplicaSet', 'web-7d9f8c6b5', { owner: ['Deployment', 'web'], replicas: 2, revision: 3, labels: { 'pod-template-hash': '7d9f8c6b5' } }),
      live('ReplicaSet', 'web-5c4b3a291', { owner: ['Deployment', 'web'], replicas: 0, revision: 2, labels: { 'pod-template-hash': '5c4b3a291' } }),
      live('Pod', 'web-7d9f8c6b5-abcde', { owner: ['ReplicaSet', 'web-7d9f8c6b5'], labels: { 'pod-template-hash': '7d9f8c6b5' } }),
      live('Pod', 'web-7d9f8c6b5-fghij', { owner: ['ReplicaSet', 'web-7d9f8c6b5'], labels: { 'pod-template-hash': '7d9f8c6b5' } }),
    );
    const { model } = a;
    expect(names(model.workloads)).toEqual(['Deployment shop/web']);
    const w = model.workloads[0]!;
    expect(names(model.liveOf(w))).toEqual(['Pod shop/web-7d9f8c6b5-abcde', 'Pod shop/web-7d9f8c6b5-fghij', 'ReplicaSet shop/web-7d9f8c6b5']);
    expect(names(model.podsOf(w))).toEqual(['Pod shop/web-7d9f8c6b5-abcde', 'Pod shop/web-7d9f8c6b5-fghij']);
    expect(names(model.historyOf(w))).toEqual(['ReplicaSet shop/web-5c4b3a291']);
    const pod = model.get('Pod', 'shop', 'web-7d9f8c6b5-abcde') as Resource;
    expect(model.ownerOf(pod).display).toBe('Deployment shop/web');
    expect(model.isDerived(pod)).toBe(true);
    expect(model.isDerived(w.resource)).toBe(false);
    expect(model.workloadOf(pod)).toBe(w);
  });

  it('a Service selecting the Deployment and its pods selects one workload', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  clusterIP: None\n  selector: {app: web}\n';
    const a = analysisOf(
      svc,
      live('Deployment', 'web', { replicas: 1 }),
      live('Pod', 'web-7d9f8c6b5-abcde', { owner: ['ReplicaSet', 'web-7d9f8c6b5'], labels: { 'pod-template-hash': '7d9f8c6b5' } }),
    );
    expect(names(a.model.selectedBy(service(a, 'shop', 'web')))).toEqual(['Deployment shop/web']);
  });

  it('pods alone (no ReplicaSet, no Deployment in the dump) are one workload per Deployment, named by the pod-template-hash', () => {
    const a = analysisOf(
      live('Pod', 'web-7d9f8c6b5-abcde', { owner: ['ReplicaSet', 'web-7d9f8c6b5'], labels: { 'pod-template-hash': '7d9f8c6b5' } }),
      live('Pod', 'web-7d9f8c6b5-fghij', { owner: ['ReplicaSet', 'web-7d9f8c6b5'], labels: { 'pod-template-hash': '7d9f8c6b5' } }),
      // a pod of the previous revision during a rollout: another ReplicaSet, the same Deployment
      live('Pod', 'web-5c4b3a291-zzzzz', { owner: ['ReplicaSet', 'web-5c4b3a291'], labels: { 'pod-template-hash': '5c4b3a291' } }),
      live('Pod', 'db-0', { owner: ['StatefulSet', 'db'], labels: { app: 'db' } }),
      live('Pod', 'db-1', { owner: ['StatefulSet', 'db'], labels: { app: 'db' } }),
    );
    const { model } = a;
    expect(names(model.workloads)).toEqual(['Pod shop/db-0', 'Pod shop/web-7d9f8c6b5-abcde']);
    const web = model.workloads.find((w) => w.name.startsWith('web'))!;
    expect(names(model.podsOf(web))).toHaveLength(3);
    expect(web.owner).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'web' });
    expect(model.workloads.find((w) => w.name === 'db-0')?.owner).toEqual({ kind: 'StatefulSet', namespace: 'shop', name: 'db' });
    expect(model.ownerOf(model.get('Pod', 'shop', 'db-1') as Resource).display).toBe('Pod shop/db-0');
  });

  it('ReplicaSets without their Deployment: the current revision is the workload, scaled-down older ones are history', () => {
    const a = analysisOf(
      live('ReplicaSet', 'web-5c4b3a291', { owner: ['Deployment', 'web'], replicas: 0, revision: 2 }),
      live('ReplicaSet', 'web-7d9f8c6b5', { owner: ['Deployment', 'web'], replicas: 3, revision: 3 }),
      live('ReplicaSet', 'web-1a2b3c4d5', { owner: ['Deployment', 'web'], replicas: 0, revision: 1 }),
      live('Pod', 'web-7d9f8c6b5-abcde', { owner: ['ReplicaSet', 'web-7d9f8c6b5'], labels: { 'pod-template-hash': '7d9f8c6b5' } }),
    );
    const { model } = a;
    expect(names(model.workloads)).toEqual(['ReplicaSet shop/web-7d9f8c6b5']);
    expect(names(model.historyOf(model.workloads[0]!))).toEqual(['ReplicaSet shop/web-1a2b3c4d5', 'ReplicaSet shop/web-5c4b3a291']);
    expect(names(model.podsOf(model.workloads[0]!))).toEqual(['Pod shop/web-7d9f8c6b5-abcde']);
  });

  it('a Deployment scaled to 0 keeps its latest ReplicaSet as its workload; a bare ReplicaSet scaled to 0 is still one', () => {
    const a = analysisOf(
      live('ReplicaSet', 'web-5c4b3a291', { owner: ['Deployment', 'web'], replicas: 0, revision: 2 }),
      live('ReplicaSet', 'web-7d9f8c6b5', { owner: ['Deployment', 'web'], replicas: 0, revision: 3 }),
      live('ReplicaSet', 'standalone', { replicas: 0 }),
    );
    expect(names(a.model.workloads)).toEqual(['ReplicaSet shop/standalone', 'ReplicaSet shop/web-7d9f8c6b5']);
  });

  it("collapses a StatefulSet's pods and ControllerRevisions, a DaemonSet's pods, and a CronJob's Jobs and their pods", () => {
    const a = analysisOf(
      live('StatefulSet', 'db', { replicas: 2 }),
      live('Pod', 'db-0', { owner: ['StatefulSet', 'db'] }),
      live('ControllerRevision', 'db-6b8f7d9c4', { owner: ['StatefulSet', 'db'] }),
      live('DaemonSet', 'agent'),
      live('Pod', 'agent-x2k4p', { owner: ['DaemonSet', 'agent'] }),
      live('CronJob', 'backup', { apiVersion: 'batch/v1' }),
      live('Job', 'backup-29123456', { owner: ['CronJob', 'backup'], apiVersion: 'batch/v1' }),
      live('Pod', 'backup-29123456-q8w7e', { owner: ['Job', 'backup-29123456'] }),
    );
    const { model } = a;
    expect(names(model.workloads)).toEqual(['CronJob shop/backup', 'DaemonSet shop/agent', 'StatefulSet shop/db']);
    const db = model.workloads.find((w) => w.kind === 'StatefulSet')!;
    expect(names(model.historyOf(db))).toEqual(['ControllerRevision shop/db-6b8f7d9c4']);
    expect(model.ownerOf(model.get('Pod', 'shop', 'backup-29123456-q8w7e') as Resource).display).toBe('CronJob shop/backup');
  });

  it('keeps two objects of one name in different files apart (duplicates are their own workloads)', () => {
    const a = analysisOf(live('StatefulSet', 'db'), live('StatefulSet', 'db', { labels: { app: 'other' } }));
    expect(a.model.workloads).toHaveLength(2);
  });
});

describe('owner naming', () => {
  it("reads a Deployment's name from its ReplicaSet's name and pod-template-hash", () => {
    expect(deploymentByHash('kafka-ui-7d9f8c6b5', '7d9f8c6b5')).toBe('kafka-ui');
    expect(deploymentByHash('kafka-ui-7d9f8c6b5', 'other')).toBeUndefined();
    expect(deploymentByHash('kafka-ui', undefined)).toBeUndefined();
  });
});
