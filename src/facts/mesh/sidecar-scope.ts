/**
 * Which `Sidecar` (networking.istio.io) scopes a workload's proxy, and whether its egress hosts
 * let it see a Service (https://istio.io/latest/docs/reference/config/networking/sidecar/):
 * the Sidecar whose workloadSelector matches the pod labels, else the namespace's Sidecar
 * without selector, else the selector-less Sidecar in the mesh root namespace.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, type Resource } from '../../load/resource.js';
import { fromMap, matches } from '../../model/selector.js';
import type { Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { meshConfigs } from './mesh-config.js';

export interface SidecarScope {
  sidecar: Resource;
  how: 'workloadSelector' | 'namespace' | 'root namespace';
}

export interface EgressHost {
  text: string;
  /** `*`, `.`, `~` or a namespace name */
  namespace: string;
  dnsName: string;
  path: Path;
}

function selectorLabels(sidecar: Resource): Record<string, string> | undefined {
  const labels = asObj(asObj(sidecar.spec.workloadSelector)?.labels);
  return labels && Object.keys(labels).length > 0 ? (labels as Record<string, string>) : undefined;
}

export function sidecarFor(workload: Workload, sidecars: readonly Resource[], rootNamespace: string): SidecarScope | undefined {
  const inNamespace = sidecars.filter((s) => s.namespace === workload.namespace);
  const selecting = inNamespace.find((s) => {
    const labels = selectorLabels(s);
    return labels !== undefined && matches(fromMap(labels), workload.labels);
  });
  if (selecting) return { sidecar: selecting, how: 'workloadSelector' };
  const namespaceWide = inNamespace.find((s) => selectorLabels(s) === undefined);
  if (namespaceWide) return { sidecar: namespaceWide, how: 'namespace' };
  const root = sidecars.find((s) => s.namespace === rootNamespace && selectorLabels(s) === undefined);
  return root ? { sidecar: root, how: 'root namespace' } : undefined;
}

/** The egress hosts of every listener; undefined when the Sidecar has no egress (then it does not restrict). */
export function egressHosts(sidecar: Resource): EgressHost[] | undefined {
  const egress = asArray(sidecar.spec.egress);
  if (egress.length === 0) return undefined;
  const out: EgressHost[] = [];
  egress.forEach((listener, i) => {
    asArray(asObj(listener)?.hosts).forEach((h, j) => {
      if (typeof h !== 'string') return;
      const slash = h.indexOf('/');
      // A host without a namespace is rejected by validation; read it as any namespace so it never causes a finding.
      out.push({ text: h, namespace: slash < 0 ? '*' : h.slice(0, slash), dnsName: (slash < 0 ? h : h.slice(slash + 1)).toLowerCase(), path: ['spec', 'egress', i, 'hosts', j] });
    });
  });
  return out;
}

/**
 * Does an egress host admit Service `name` of `serviceNamespace` (FQDN `fqdn`) for a proxy in
 * `clientNamespace`? `.` is the proxy's namespace, also for the root namespace default.
 */
export function hostAdmits(host: EgressHost, clientNamespace: string, serviceNamespace: string, fqdn: string): boolean {
  const ns = host.namespace;
  if (ns === '~') return false;
  if (ns !== '*' && !(ns === '.' ? clientNamespace === serviceNamespace : ns === serviceNamespace)) return false;
  const name = host.dnsName.replace(/\.$/, '');
  if (name === '*') return true;
  if (name.startsWith('*')) return fqdn.endsWith(name.slice(1));
  // Short forms of the FQDN are accepted too, so that a doubtful spelling never raises a finding.
  return fqdn === name || fqdn.startsWith(`${name}.`);
}

export interface Sidecars {
  /** the Sidecar resource that scopes a workload's proxy, if any */
  of(workload: Workload): SidecarScope | undefined;
}

export const sidecars = defineFact({
  id: 'mesh.sidecars',
  description: 'which Sidecar resource scopes each workload\'s proxy',
  reads: ['Sidecar'],
  uses: [meshConfigs],
  compute: ({ model, use }): Sidecars => {
    const all = model.ofKind('Sidecar').filter((s) => s.ref.apiVersion.startsWith('networking.istio.io/'));
    const root = use(meshConfigs).rootNamespace;
    return { of: (workload) => sidecarFor(workload, all, root) };
  },
});
