import { describe, expect, it } from 'vitest';
import { dnsCaptureRequested, podDnsProblem, type PodDnsContext } from '../../../src/facts/dns/pod-dns.js';
import type { Workload } from '../../../src/model/workload.js';
import { analysisOfFiles } from '../../helpers/analysis-of.js';

/** A workload whose pod spec holds `podSpec` (written at 2-space indent, as for a Pod). */
function workload(podSpec: string, kind = 'Deployment'): Workload {
  const fields = `${podSpec}  containers: [{name: a, image: a}]\n`;
  const spec = kind === 'Pod' ? fields : `  template:\n    spec:\n${fields.replace(/^(?=.)/gm, '    ')}`;
  const found = analysisOfFiles({ 'w.yaml': `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: w\nspec:\n${spec}` }).model.workloads[0];
  if (!found) throw new Error('fixture produced no workload');
  return found;
}

const known: PodDnsContext = { clusterDns: new Set(['10.96.0.10']), domain: 'cluster.local' };
const unknown: PodDnsContext = { clusterDns: new Set(), domain: 'cluster.local' };

describe('podDnsProblem', () => {
  it('accepts the default and the explicit cluster policies', () => {
    expect(podDnsProblem(workload(''), known)).toBeUndefined();
    expect(podDnsProblem(workload('  dnsPolicy: ClusterFirst\n'), known)).toBeUndefined();
    expect(podDnsProblem(workload('  hostNetwork: true\n  dnsPolicy: ClusterFirstWithHostNet\n'), known)).toBeUndefined();
    expect(podDnsProblem(workload('  hostNetwork: false\n'), known)).toBeUndefined();
  });

  it('reports Default at dnsPolicy, in any workload kind', () => {
    expect(podDnsProblem(workload('  dnsPolicy: Default\n'), known)).toEqual({ code: 'default', path: ['spec', 'template', 'spec', 'dnsPolicy'] });
    expect(podDnsProblem(workload('  dnsPolicy: Default\n', 'Pod'), known)).toEqual({ code: 'default', path: ['spec', 'dnsPolicy'] });
  });

  it('reports hostNetwork falling back to Default, at the field that decides it', () => {
    expect(podDnsProblem(workload('  hostNetwork: true\n'), known)).toMatchObject({ code: 'host-network', written: false, path: ['spec', 'template', 'spec', 'hostNetwork'] });
    expect(podDnsProblem(workload('  hostNetwork: true\n  dnsPolicy: ClusterFirst\n'), known)).toMatchObject({ code: 'host-network', written: true, path: ['spec', 'template', 'spec', 'dnsPolicy'] });
  });

  it('reports None without dnsConfig or nameservers as a pod the API server rejects', () => {
    expect(podDnsProblem(workload('  dnsPolicy: None\n'), known)).toMatchObject({ code: 'none-invalid', path: ['spec', 'template', 'spec', 'dnsPolicy'] });
    expect(podDnsProblem(workload('  dnsPolicy: None\n  dnsConfig:\n    searches: [svc.cluster.local]\n'), known)).toMatchObject({ code: 'none-invalid', path: ['spec', 'template', 'spec', 'dnsConfig'] });
  });

  it('judges None nameservers against the known cluster DNS addresses', () => {
    const spec = (ns: string, search = 'svc.cluster.local') => `  dnsPolicy: None\n  dnsConfig:\n    nameservers: [${ns}]\n    searches: [${search}]\n`;
    expect(podDnsProblem(workload(spec('10.96.0.10')), known)).toBeUndefined();
    expect(podDnsProblem(workload(spec('1.1.1.1, 10.96.0.10')), known)).toBeUndefined();
    expect(podDnsProblem(workload(spec('1.1.1.1', 'example.org')), known)).toMatchObject({ code: 'none-nameserver', certain: true, nameservers: ['1.1.1.1'] });
    expect(podDnsProblem(workload(spec('10.1.0.10')), known)).toMatchObject({ code: 'none-nameserver', certain: false });
    expect(podDnsProblem(workload(spec('169.254.20.10')), known)).toBeUndefined();
    // unknown address: the cluster search path is the evidence
    expect(podDnsProblem(workload(spec('10.0.0.10')), unknown)).toBeUndefined();
    expect(podDnsProblem(workload(spec('10.0.0.10', 'example.org')), unknown)).toMatchObject({ code: 'none-nameserver', certain: false });
  });

  it('requires svc.<domain> (or <ns>.svc.<domain>) among the searches', () => {
    const spec = (search: string) => `  dnsPolicy: None\n  dnsConfig:\n    nameservers: [10.96.0.10]\n${search}`;
    expect(podDnsProblem(workload(spec('    searches: [data.svc.cluster.local]\n')), known)).toBeUndefined();
    expect(podDnsProblem(workload(spec('    searches: [SVC.Cluster.Local.]\n')), known)).toBeUndefined();
    expect(podDnsProblem(workload(spec('    searches: [mysvc.cluster.local, cluster.local]\n')), known)).toMatchObject({ code: 'none-search', path: ['spec', 'template', 'spec', 'dnsConfig', 'searches'] });
    expect(podDnsProblem(workload(spec('')), known)).toMatchObject({ code: 'none-search', path: ['spec', 'template', 'spec', 'dnsConfig'] });
    expect(podDnsProblem(workload(spec('    searches: [svc.cluster.local]\n')), { ...known, domain: 'corp.internal' })).toMatchObject({ code: 'none-search' });
  });

  it('checks that the searches complete the short names the pods use', () => {
    const spec = (search: string) => `  dnsPolicy: None\n  dnsConfig:\n    nameservers: [10.96.0.10]\n    searches: [${search}]\n`;
    const w = (search: string) => workload(spec(search));
    const ctx = (name: string, parts: { pod?: string; service: string; namespace?: string; domain?: string }) => ({ ...known, names: [{ name, parts }] });
    // w lives in namespace default
    expect(podDnsProblem(w('svc.cluster.local'), ctx('db.data', { service: 'db', namespace: 'data' }))).toBeUndefined();
    expect(podDnsProblem(w('svc.cluster.local'), ctx('db-0.db', { pod: 'db-0', service: 'db' }))).toMatchObject({ code: 'none-search', name: 'db-0.db' });
    expect(podDnsProblem(w('default.svc.cluster.local, svc.cluster.local'), ctx('db-0.db', { pod: 'db-0', service: 'db' }))).toBeUndefined();
    expect(podDnsProblem(w('svc.cluster.local'), ctx('db.data.svc', { service: 'db', namespace: 'data', domain: '' }))).toMatchObject({ name: 'db.data.svc' });
    expect(podDnsProblem(w('svc.cluster.local, cluster.local'), ctx('db.data.svc', { service: 'db', namespace: 'data', domain: '' }))).toBeUndefined();
    expect(podDnsProblem(w('svc.cluster.local'), ctx('db.data.svc.cluster.local', { service: 'db', namespace: 'data', domain: 'cluster.local' }))).toBeUndefined();
  });

  it('does not crash on wrongly typed fields', () => {
    expect(podDnsProblem(workload('  dnsPolicy: None\n  dnsConfig: [a]\n'), known)).toMatchObject({ code: 'none-invalid' });
    expect(podDnsProblem(workload('  dnsPolicy: None\n  dnsConfig:\n    nameservers: 10.96.0.10\n'), known)).toMatchObject({ code: 'none-invalid' });
    expect(podDnsProblem(workload('  dnsPolicy: 5\n'), known)).toBeUndefined();
    expect(podDnsProblem(workload('  dnsPolicy: None\n  dnsConfig:\n    nameservers: [null, {a: 1}]\n'), known)).toMatchObject({ code: 'none-invalid' });
  });
});

describe('dnsCaptureRequested', () => {
  it('reads the mesh defaults', () => {
    expect(dnsCaptureRequested(workload(''), [])).toBe(false);
    expect(dnsCaptureRequested(workload(''), [{ defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } } }])).toBe(true);
    expect(dnsCaptureRequested(workload(''), [{ defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'false' } } }, { defaultConfig: 'x' }])).toBe(false);
  });

  it("reads the pod template's proxy.istio.io/config annotation", () => {
    const text = (value: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    proxy.istio.io/config: |\n      proxyMetadata:\n        ISTIO_META_DNS_CAPTURE: "${value}"\nspec:\n  containers: [{name: a, image: a}]\n`;
    const pod = (value: string) => analysisOfFiles({ 'p.yaml': text(value) }).model.workloads[0] as Workload;
    expect(dnsCaptureRequested(pod('true'), [])).toBe(true);
    expect(dnsCaptureRequested(pod('false'), [])).toBe(false);
  });
});
