/** Mesh scoping facts: discoverySelectors, exportTo, Sidecar egress hosts and which Sidecar applies. */
import { describe, expect, it } from 'vitest';
import { discovered } from '../../src/facts/mesh/discovery.js';
import { exportedTo } from '../../src/facts/mesh/export-to.js';
import { namespaceInfo } from '../../src/model/namespaces.js';
import { fromLabelSelector } from '../../src/model/selector.js';
import { hostAdmits, type EgressHost } from '../../src/facts/mesh/sidecar-scope.js';
import { lintSources } from '../../src/lint.js';

describe('discovered', () => {
  const known = (name: string, labels: Record<string, string>) =>
    namespaceInfo(name, { labels } as unknown as Parameters<typeof namespaceInfo>[1], 'unknown');
  const unknown = (name: string) => namespaceInfo(name, undefined, 'unknown');
  const sel = (s: unknown) => [fromLabelSelector(s)];

  it('selects everything without selectors', () => {
    expect(discovered(undefined, unknown('x'))).toBe('yes');
    expect(discovered([], unknown('x'))).toBe('yes');
  });
  it('ORs the selectors over the namespace labels, including the automatic name label', () => {
    const selectors = [fromLabelSelector({ matchLabels: { env: 'prod' } }), fromLabelSelector({ matchLabels: { 'kubernetes.io/metadata.name': 'data' } })];
    expect(discovered(selectors, known('a', { env: 'prod' }))).toBe('yes');
    expect(discovered(selectors, unknown('data'))).toBe('yes');
    expect(discovered(selectors, known('b', { env: 'dev' }))).toBe('no');
  });
  it('is unsure for a namespace not in the input, unless its name is rejected', () => {
    expect(discovered(sel({ matchLabels: { env: 'prod' } }), unknown('b'))).toBe('maybe');
    expect(discovered(sel({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a'] }] }), unknown('b'))).toBe('no');
    expect(discovered(sel({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['b'] }, { key: 'env', operator: 'Exists' }] }), unknown('b'))).toBe('no');
  });
});

describe('exportedTo', () => {
  it('reads *, ., ~ and names', () => {
    expect(exportedTo(['*'], 'data', 'app')).toBe(true);
    expect(exportedTo(['.'], 'data', 'data')).toBe(true);
    expect(exportedTo(['.'], 'data', 'app')).toBe(false);
    expect(exportedTo(['~'], 'data', 'data')).toBe(false);
    expect(exportedTo(['ops', 'app'], 'data', 'app')).toBe(true);
    expect(exportedTo(['ops'], 'data', 'data')).toBe(false);
  });
});

describe('hostAdmits', () => {
  const host = (text: string): EgressHost => ({ text, namespace: text.split('/')[0] as string, dnsName: text.split('/')[1] as string, path: [] });
  const fqdn = 'db.data.svc.cluster.local';
  const cases: [string, string, boolean][] = [
    ['*/*', 'app', true],
    ['data/*', 'app', true],
    ['./*', 'app', false],
    ['./*', 'data', true],
    ['~/*', 'data', false],
    ['other/*', 'app', false],
    ['*/db.data.svc.cluster.local', 'app', true],
    ['*/db.other.svc.cluster.local', 'app', false],
    ['*/*.data.svc.cluster.local', 'app', true],
    ['*/*.svc.corp.internal', 'app', false],
    ['data/db', 'app', true],
  ];
  for (const [text, client, expected] of cases) {
    it(`${text} from ${client}: ${expected}`, () => expect(hostAdmits(host(text), client, 'data', fqdn)).toBe(expected));
  }
});

describe('graph.sidecarOf', () => {
  const sidecar = (ns: string, name: string, selector?: string) =>
    `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${selector ? `  workloadSelector:\n    labels:\n      app: ${selector}\n` : ''}  egress:\n    - hosts: ["./*"]\n`;
  const pod = (ns: string, app: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${app}\n  namespace: ${ns}\n  labels:\n    app: ${app}\nspec:\n  containers: [{name: c, image: x}]\n`;
  const mesh = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: "rootNamespace: istio-config"\n`;
  const scope = (docs: string[], ns: string, app: string) => {
    const { graph } = lintSources([{ path: 'a.yaml', text: docs.join('---\n') }], { rules: [] });
    const w = graph.workloads.find((x) => x.namespace === ns && x.name === app);
    if (!w) throw new Error('no pod');
    const s = graph.sidecarOf(w);
    return s ? `${s.how} ${s.sidecar.namespace}/${s.sidecar.name}` : 'none';
  };
  const docs = [mesh, sidecar('istio-config', 'root'), sidecar('app', 'ns-wide'), sidecar('app', 'for-api', 'api'), pod('app', 'api'), pod('app', 'web'), pod('ops', 'tool'), pod('istio-config', 'x')];
  it('prefers the workloadSelector match', () => expect(scope(docs, 'app', 'api')).toBe('workloadSelector app/for-api'));
  it('then the namespace-wide Sidecar', () => expect(scope(docs, 'app', 'web')).toBe('namespace app/ns-wide'));
  it('then the root namespace default from the mesh config', () => expect(scope(docs, 'ops', 'tool')).toBe('root namespace istio-config/root'));
  it('nothing without any', () => expect(scope([pod('ops', 'tool')], 'ops', 'tool')).toBe('none'));
});
