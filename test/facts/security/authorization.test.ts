import { describe, expect, it } from 'vitest';
import { httpOnlyFields, serviceAccountOf, stringMatches, trustDomainOf } from '../../../src/facts/security/authorization.js';
import { facts } from '../../../src/facts/index.js';
import { analysisOf, workload } from '../../helpers/analysis-of.js';

const db = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  template:
    metadata: {labels: {app: db}}
    spec: {serviceAccountName: db, containers: [{name: pg, image: postgres}]}
`;
const ap = (ns: string, name: string, spec: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`;
const api = { mtls: true, namespace: 'app', serviceAccount: 'api' };
const plain = { ...api, mtls: false };

function verdict(docs: string[], caller = api, port = 5432, protocol: 'TCP' | 'HTTP' | 'auto' = 'TCP') {
  const analysis = analysisOf(db, ...docs);
  return analysis.use(facts.authorization).evaluate(caller, { workload: workload(analysis, 'db'), port, protocol });
}

describe('AuthorizationEvaluator', () => {
  it('allows when no policy applies', () => {
    expect(verdict([]).decision).toBe('allow');
    expect(verdict([ap('other', 'x', '{}')]).decision).toBe('allow');
  });
  it('denies everything with an empty ALLOW policy', () => {
    const v = verdict([ap('data', 'deny-all', '{}')]);
    expect(v).toMatchObject({ decision: 'deny', by: { path: ['spec'] } });
    expect(v.reason).toContain('no rules');
  });
  it('applies root-namespace policies mesh-wide, selectors included', () => {
    expect(verdict([ap('istio-system', 'x', '{selector: {matchLabels: {app: db}}}')]).decision).toBe('deny');
    expect(verdict([ap('istio-system', 'x', '{selector: {matchLabels: {app: other}}}')]).decision).toBe('allow');
  });
  it('matches principals with the trust domain, its aliases and the cluster.local shorthand', () => {
    const rule = (p: string) => [ap('data', 'a', `{rules: [{from: [{source: {principals: ["${p}"]}}]}]}`)];
    expect(verdict(rule('cluster.local/ns/app/sa/api')).decision).toBe('allow');
    expect(verdict(rule('cluster.local/ns/app/sa/*')).decision).toBe('allow');
    expect(verdict(rule('cluster.local/ns/app/sa/web')).decision).toBe('deny');
    const mesh = `
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "trustDomain: corp.example\\ntrustDomainAliases: [old.example]"
`;
    expect(verdict([mesh, ...rule('old.example/ns/app/sa/api')]).decision).toBe('allow');
    expect(verdict([mesh, ...rule('cluster.local/ns/app/sa/api')]).decision).toBe('allow');
    expect(verdict([mesh, ...rule('svc.cluster.local/ns/app/sa/api')]).decision).toBe('deny');
  });
  it('never matches identity fields for plaintext callers', () => {
    const v = verdict([ap('data', 'a', '{rules: [{from: [{source: {namespaces: ["app"]}}]}]}')], plain);
    expect(v.decision).toBe('deny');
    expect(v.reason).toContain('plaintext');
  });
  it('matches operations by port', () => {
    const rules = [ap('data', 'a', '{rules: [{to: [{operation: {ports: ["5432"]}}]}]}')];
    expect(verdict(rules, api, 5432).decision).toBe('allow');
    expect(verdict(rules, api, 8008).decision).toBe('deny');
  });
  it('drops an ALLOW rule with HTTP-only fields on a TCP port, and widens a DENY rule', () => {
    const allow = [ap('data', 'a', '{rules: [{to: [{operation: {methods: ["GET"]}}]}]}')];
    expect(verdict(allow, api, 5432, 'TCP').reason).toContain('HTTP-only methods');
    expect(verdict(allow, api, 5432, 'TCP').decision).toBe('deny');
    expect(verdict(allow, api, 5432, 'HTTP').decision).toBe('unknown');
    const deny = [ap('data', 'd', '{action: DENY, rules: [{to: [{operation: {paths: ["/admin"], ports: ["5432"]}}]}]}')];
    expect(verdict(deny, api, 5432, 'TCP')).toMatchObject({ decision: 'deny', by: { path: ['spec', 'rules', 0] } });
    expect(verdict(deny, api, 5432, 'HTTP').decision).toBe('unknown');
  });
  it('lets DENY win over ALLOW, and reports CUSTOM as unknown', () => {
    const both = [ap('data', 'a', '{rules: [{}]}'), ap('data', 'd', '{action: DENY, rules: [{from: [{source: {notNamespaces: ["data"]}}]}]}')];
    expect(verdict(both).decision).toBe('deny');
    expect(verdict([ap('data', 'c', '{action: CUSTOM, provider: {name: ext}, rules: [{}]}')]).decision).toBe('unknown');
  });
  it('gives unknown for facts the input cannot show', () => {
    expect(verdict([ap('data', 'a', '{rules: [{from: [{source: {ipBlocks: ["10.0.0.0/8"]}}]}]}')]).decision).toBe('unknown');
  });
  it('evaluates source.namespace conditions', () => {
    const rules = [ap('data', 'a', '{rules: [{when: [{key: source.namespace, values: ["app"]}]}]}')];
    expect(verdict(rules).decision).toBe('allow');
    expect(verdict(rules, plain).decision).toBe('deny');
  });
  it('ignores policies bound by targetRefs (gateways, waypoints)', () => {
    expect(verdict([ap('data', 'w', '{targetRefs: [{kind: Service, name: db}]}')]).decision).toBe('allow');
  });
  it('has small helpers that read principals and service accounts', () => {
    expect(trustDomainOf('cluster.local/ns/a/sa/b')).toBe('cluster.local');
    expect(trustDomainOf('*/ns/a/sa/b')).toBe('');
    expect(trustDomainOf('x/y/ns/a/sa/b')).toBe('');
    expect(stringMatches('*-api', 'web-api')).toBe(true);
    expect(stringMatches('*', '')).toBe(false);
    expect(httpOnlyFields({ from: [{ source: { requestPrincipals: ['*'] } }], when: [{ key: 'request.headers[x]' }] })).toEqual(['requestPrincipals', 'when request.headers[x]']);
    expect(serviceAccountOf(workload(analysisOf(db.replace('serviceAccountName: db, ', '')), 'db'))).toBe('default');
  });
});
