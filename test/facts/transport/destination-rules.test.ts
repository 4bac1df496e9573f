import { describe, expect, it } from 'vitest';
import { resolveRuleHost, serviceHost, tlsFor } from '../../../src/facts/transport/destination-rules.js';
import { facts } from '../../../src/facts/index.js';
import type { Analysis } from '../../../src/facts/store.js';
import { analysisOf } from '../../helpers/analysis-of.js';

const svc = `
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec: {clusterIP: None, ports: [{name: tcp-pg, port: 5432}]}
`;
const dr = (ns: string, name: string, host: string, extra = '') => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: ${ns}}
spec:
  host: "${host}"
  trafficPolicy:
    tls: {mode: DISABLE}
${extra}`;

const HOST = 'db.data.svc.cluster.local';
const rulesOf = (analysis: Analysis) => analysis.use(facts.destinationRules);
const names = (rs: { name: string; namespace: string }[]) => rs.map((r) => `${r.namespace}/${r.name}`);

describe('facts.destinationRules', () => {
  it('completes short hosts in the rule namespace only when they have no dot', () => {
    expect(resolveRuleHost('db', 'data', 'cluster.local')).toBe(HOST);
    expect(resolveRuleHost('db.data', 'app', 'cluster.local')).toBe('db.data');
    expect(resolveRuleHost('*', 'app', 'cluster.local')).toBe('*');
  });
  it('names a Service with the cluster domain', () => {
    const analysis = analysisOf(svc);
    expect(serviceHost(analysis.model.services[0]!, 'corp.internal')).toBe('db.data.svc.corp.internal');
  });
  it('prefers the client namespace, then the service namespace, then the root namespace', () => {
    const analysis = analysisOf(svc, dr('app', 'client', HOST), dr('data', 'svc', 'db'), dr('istio-system', 'root', '*.svc.cluster.local'));
    expect(names(rulesOf(analysis).lookup(HOST, 'data', { namespace: 'app' }))).toEqual(['app/client']);
    expect(names(rulesOf(analysis).lookup(HOST, 'data', { namespace: 'other' }))).toEqual(['data/svc']);
    const onlyRoot = analysisOf(svc, dr('istio-system', 'root', '*.svc.cluster.local'));
    expect(names(rulesOf(onlyRoot).lookup(HOST, 'data', { namespace: 'other' }))).toEqual(['istio-system/root']);
  });
  it('ignores a short name with a dot, and rules not exported to the client', () => {
    const analysis = analysisOf(svc, dr('app', 'dotted', 'db.data'), dr('data', 'private', 'db', '  exportTo: ["."]'));
    expect(rulesOf(analysis).lookup(HOST, 'data', { namespace: 'app' })).toEqual([]);
    expect(names(rulesOf(analysis).lookup(HOST, 'data', { namespace: 'data' }))).toEqual(['data/private']);
  });
  it('prefers the exact host over a wildcard in the same namespace', () => {
    const analysis = analysisOf(svc, dr('data', 'wild', '*.data.svc.cluster.local'), dr('data', 'exact', 'db'));
    expect(names(rulesOf(analysis).lookup(HOST, 'data', { namespace: 'x' }))).toEqual(['data/exact']);
  });
  it('binds rules with a workloadSelector only to matching clients of their namespace', () => {
    const analysis = analysisOf(svc, dr('app', 'sel', HOST, '  workloadSelector: {matchLabels: {app: api}}'));
    expect(rulesOf(analysis).lookup(HOST, 'data', { namespace: 'app', labels: { app: 'web' } })).toEqual([]);
    expect(names(rulesOf(analysis).lookup(HOST, 'data', { namespace: 'app', labels: { app: 'api' } }))).toEqual(['app/sel']);
  });
  it('reads port-level TLS before the rule-wide TLS', () => {
    const analysis = analysisOf(dr('data', 'p', 'db', '    portLevelSettings:\n      - port: {number: 5432}\n        tls: {mode: ISTIO_MUTUAL}'));
    const rules = analysis.model.ofKind('DestinationRule');
    expect(tlsFor(rules, 5432)).toMatchObject({ mode: 'ISTIO_MUTUAL', portLevel: true, path: ['spec', 'trafficPolicy', 'portLevelSettings', 0, 'tls', 'mode'] });
    expect(tlsFor(rules, 8080)).toMatchObject({ mode: 'DISABLE', portLevel: false });
  });
});
