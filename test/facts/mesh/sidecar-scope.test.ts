/** Sidecar egress hosts, and which Sidecar scopes a workload's proxy. */
import { describe, expect, it } from 'vitest';
import { hostAdmits, type EgressHost } from '../../../src/facts/mesh/sidecar-scope.js';
import { facts } from '../../../src/facts/index.js';
import { analysisOfFiles } from '../../helpers/analysis-of.js';

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

describe('facts.sidecars', () => {
  const sidecar = (ns: string, name: string, selector?: string) =>
    `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${selector ? `  workloadSelector:\n    labels:\n      app: ${selector}\n` : ''}  egress:\n    - hosts: ["./*"]\n`;
  const pod = (ns: string, app: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${app}\n  namespace: ${ns}\n  labels:\n    app: ${app}\nspec:\n  containers: [{name: c, image: x}]\n`;
  const mesh = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: "rootNamespace: istio-config"\n`;
  const scope = (docs: string[], ns: string, app: string) => {
    const analysis = analysisOfFiles({ 'a.yaml': docs.join('---\n') });
    const w = analysis.model.workloads.find((x) => x.namespace === ns && x.name === app);
    if (!w) throw new Error('no pod');
    const s = analysis.use(facts.sidecars).of(w);
    return s ? `${s.how} ${s.sidecar.namespace}/${s.sidecar.name}` : 'none';
  };
  const docs = [mesh, sidecar('istio-config', 'root'), sidecar('app', 'ns-wide'), sidecar('app', 'for-api', 'api'), pod('app', 'api'), pod('app', 'web'), pod('ops', 'tool'), pod('istio-config', 'x')];
  it('prefers the workloadSelector match', () => expect(scope(docs, 'app', 'api')).toBe('workloadSelector app/for-api'));
  it('then the namespace-wide Sidecar', () => expect(scope(docs, 'app', 'web')).toBe('namespace app/ns-wide'));
  it('then the root namespace default from the mesh config', () => expect(scope(docs, 'ops', 'tool')).toBe('root namespace istio-config/root'));
  it('nothing without any', () => expect(scope([pod('ops', 'tool')], 'ops', 'tool')).toBe('none'));

  const ts = (doc: string, at: string) => doc.replace('  namespace: app\n', `  namespace: app\n  creationTimestamp: "${at}"\n`);
  const empty = `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: zz-all\n  namespace: app\nspec:\n  workloadSelector: {}\n`;
  const rivals = (docs: string[], ns: string, app: string) => {
    const analysis = analysisOfFiles({ 'a.yaml': docs.join('---\n') });
    const w = analysis.model.workloads.find((x) => x.namespace === ns && x.name === app)!;
    const s = analysis.use(facts.sidecars).of(w);
    return s ? [s.sidecar.name, ...s.rivals.map((r) => r.name)] : [];
  };
  it('two selector-less Sidecars without creation times tie, first by name taken', () =>
    expect(rivals([sidecar('app', 'zeta'), sidecar('app', 'alpha'), pod('app', 'web')], 'app', 'web')).toEqual(['alpha', 'zeta']));
  it('creation times decide a tie: the oldest wins, no rivals', () =>
    expect(rivals([ts(sidecar('app', 'alpha'), '2025-01-02T00:00:00Z'), ts(sidecar('app', 'zeta'), '2024-01-01T00:00:00Z'), pod('app', 'web')], 'app', 'web')).toEqual(['zeta']));
  it('two workloadSelectors matching one pod tie', () =>
    expect(rivals([sidecar('app', 'b', 'api'), sidecar('app', 'a', 'api'), pod('app', 'api')], 'app', 'api')).toEqual(['a', 'b']));
  it('workloadSelector: {} selects every pod and outranks the selector-less Sidecar', () => {
    expect(scope([sidecar('app', 'ns-wide'), empty, pod('app', 'web')], 'app', 'web')).toBe('workloadSelector app/zz-all');
    expect(scope([empty, pod('ops', 'tool')], 'ops', 'tool')).toBe('none');
  });
});
