/** Which lint findings a trace attaches to which hop, and when they decide a hop's verdict. */
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/lint.js';
import { trace } from '../../src/trace/trace.js';
import { rules } from '../../rules/index.js';
import { client, DB_URL, headlessService, namespaces, statefulSet } from '../helpers/mesh-fixtures.js';

const ONLY_APP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: data
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: app
      ports:
        - port: 5432
`;

function run(files: Record<string, string>, from: string, to: string) {
  const outcome = lintSources(Object.entries(files).map(([path, text]) => ({ path, text })));
  return { findings: outcome.result.findings, result: trace(outcome.analysis, outcome.result.findings, from, to) };
}

const replicated = statefulSet().replace('  serviceName: db\n', '  serviceName: db\n  replicas: 3\n');
const files = { 'ns.yaml': namespaces(), 'db.yaml': `${headlessService()}---\n${replicated}`, 'api.yaml': client('app', DB_URL), 'netpol.yaml': ONLY_APP };

describe('trace findings', () => {
  it('every rule belongs to at least one hop', () => {
    const hops = new Set(['dns', 'service', 'mesh', 'istiod', 'network', 'transport', 'authorization']);
    expect(rules.filter((r) => r.meta.hops.length === 0).map((r) => r.meta.id)).toEqual([]);
    expect(rules.flatMap((r) => r.meta.hops.filter((h) => !hops.has(h)).map((h) => `${r.meta.id}: ${h}`))).toEqual([]);
  });

  it("a finding about other traffic to the same pods does not break this caller's hop", () => {
    const { findings, result } = run(files, 'app/api', 'db-0.db.data:5432');
    // The replicas cannot reach each other: the lint says so, on the StatefulSet.
    expect(findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toContain('db.yaml:20 netpol-blocks-service-traffic');
    const network = result.hops.find((h) => h.name === 'network');
    expect(network).toMatchObject({ verdict: 'ok', rules: [], findings: [] });
    expect(result.hops.filter((h) => h.verdict !== 'ok').map((h) => h.name)).toEqual(['dns']);
  });

  it('the same finding explains the hop of the traffic it is about', () => {
    const { result } = run(files, 'data/db', 'db-1.db:5432');
    const network = result.hops.find((h) => h.name === 'network');
    expect(network).toMatchObject({ verdict: 'broken', rules: ['netpol-blocks-service-traffic'] });
    expect(result.summary).toBe('StatefulSet data/db -> db-1.db:5432: broken at hop 5 network (netpol-blocks-service-traffic)');
  });

  it('a structural finding on a resource of the path decides its hop', () => {
    const svc = headlessService('    - name: tcp-postgres\n      port: 5432\n      targetPort: 5433');
    const { result } = run({ ...files, 'db.yaml': `${svc}---\n${replicated}` }, 'app/api', 'db-0.db.data:5432');
    const service = result.hops.find((h) => h.name === 'service');
    expect(service?.verdict).toBe('broken');
    expect(service?.rules).toContain('headless-port-mismatch');
  });
});

describe('trace findings on the manifests themselves', () => {
  it("a schema error in the caller's manifest belongs to the caller's hop, not the Service's", () => {
    const { result } = run(files, 'app/api', 'db-0.db.data:5432');
    expect(result.hops.find((h) => h.name === 'dns')?.rules).toEqual(['manifest-schema']);
    expect(result.hops.find((h) => h.name === 'service')?.rules).toEqual([]);
  });
});
