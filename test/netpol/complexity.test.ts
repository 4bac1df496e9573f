/** The evaluator's work grows linearly with the number of namespaces (counted, never timed). */
import { describe, expect, it } from 'vitest';
import { facts } from '../../src/facts/index.js';
import { lintSources } from '../../src/lint.js';
import { end } from './helpers.js';

function mesh(namespaces: number): string {
  const docs: string[] = [];
  for (let i = 0; i < namespaces; i++) {
    const ns = `team-${i}`;
    docs.push(
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: {istio-injection: enabled}\n`,
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: ${ns}}\nspec:\n  serviceName: db\n  replicas: 3\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: db, ports: [{name: pg, containerPort: 5432}]}]\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: ${ns}}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: api, env: [{name: DB_HOST, value: db-0.db.${ns}.svc.cluster.local}]}]\n`,
      `apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: ${ns}}\nspec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}\n`,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ${ns}}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n`,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mesh, namespace: ${ns}}\nspec:\n  podSelector: {}\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53}]\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-system}}, podSelector: {matchLabels: {app: istiod}}}]\n      ports: [{port: 15012}]\n`,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]\n  egress: [{to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: 5432}]}]\n`,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}, {podSelector: {matchLabels: {app: db}}}], ports: [{port: pg}]}]\n  egress: [{to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: 5432}]}]\n`,
    );
  }
  return docs.join('---\n');
}

function operations(namespaces: number): number {
  const { analysis, result } = lintSources([{ path: 'mesh.yaml', text: mesh(namespaces) }]);
  expect(result.findings.filter((f) => f.ruleId.startsWith('netpol-')).map((f) => f.message)).toEqual([]);
  const np = analysis.use(facts.netpol);
  for (let i = 0; i < namespaces; i++) {
    expect(np.evaluate(end(np, `team-${i}/api`), end(np, `team-${i}/db`), 'TCP', 5432).allowed).toBe(true);
  }
  return np.operations;
}

describe('evaluator cost', () => {
  it('grows linearly with the number of namespaces (all rules run, plus one verdict per namespace)', () => {
    const small = operations(50);
    const large = operations(200);
    expect(small).toBeGreaterThan(50 * 10);
    expect(large / small).toBeLessThanOrEqual(4.4);
  });
});
