import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { analysisOfFiles, service } from '../../helpers/analysis-of.js';

const files = `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
spec:
  clusterIP: None
  selector:
    app: db
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: data
spec:
  selector:
    app: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  template:
    metadata:
      labels:
        app: other
    spec:
      containers: [{name: a, image: a}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: replica
  namespace: data
spec:
  template:
    metadata:
      labels:
        app: db
    spec:
      containers: [{name: a, image: a, env: [{name: PRIMARY_HOST, value: db-0.db}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: app
spec:
  template:
    spec:
      containers:
        - name: a
          image: a
          env:
            - {name: DB_HOST, value: db.data.svc.cluster.local}
            - {name: DB_URL, value: "postgres://db-1.db.data:5432/x"}
            - {name: WEB_HOST, value: web.data}
`;

describe('facts.headlessPeers', () => {
  const analysis = analysisOfFiles({ 'a.yaml': files });
  const peers = analysis.use(facts.headlessPeers);
  const roles = new Map([...peers.roles].map(([w, r]) => [w.display, r.map((x) => `${x.role}:${x.service.name}${x.governed ? ':governed' : ''}${x.reference ? `:${x.reference.name}` : ''}`)]));

  it('lists the governed StatefulSet and the selected pods as backing, its own pods not as callers', () => {
    expect(roles.get('StatefulSet data/db')).toEqual(['backing:db:governed']);
    expect(roles.get('Deployment data/replica')).toEqual(['backing:db']);
  });

  it('lists a caller once per headless Service, with its first reference', () => {
    expect(roles.get('Deployment app/api')).toEqual(['caller:db:db.data.svc.cluster.local']);
  });

  it('leaves out Services with a cluster IP', () => {
    expect([...roles.values()].flat().some((r) => r.includes(':web'))).toBe(false);
  });

  it('gives both sides of one Service: its pods, the other workloads calling it, and the pods calling their own Service', () => {
    const db = peers.of(service(analysis, 'data', 'db'));
    expect(db.backing.map((w) => w.display)).toEqual(['Deployment data/replica', 'StatefulSet data/db']);
    expect(db.callers.map((c) => [c.workload.display, c.references.map((r) => r.name)])).toEqual([['Deployment app/api', ['db.data.svc.cluster.local', 'db-1.db.data']]]);
    expect(db.selfCallers.map((c) => [c.workload.display, c.references.map((r) => r.name)])).toEqual([['Deployment data/replica', ['db-0.db']]]);
    expect(peers.of(service(analysis, 'data', 'web')).callers.map((c) => c.workload.display)).toEqual(['Deployment app/api']);
  });
});
