/**
 * Which `Sidecar` (networking.istio.io) scopes a workload's proxy, and whether its egress hosts
 * let it see a Service (https://istio.io/latest/docs/reference/config/networking/sidecar/).
 * As istiod builds it (pilot/pkg/model/push_context.go initSidecarScopes, sidecar.go): the
 * Sidecars of the proxy's namespace that have a workloadSelector whose labels the pod carries,
 * else the namespace's Sidecars without one, else those without one in the mesh root namespace;
 * within a level the oldest wins (creation time, then name). A `workloadSelector: {}` is a
 * selector all the same: it matches every pod of the namespace and outranks the selector-less one.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, hasOwn, type Resource } from '../../load/resource.js';
import { fromMap, matches } from '../../model/selector.js';
import type { Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { meshConfigs } from './mesh-config.js';

export type SidecarHow = 'workloadSelector' | 'namespace' | 'root namespace';

export interface SidecarScope {
  /** the Sidecar istiod applies; when rivals remain, the one it applies if they were created in the same second */
  sidecar: Resource;
  how: SidecarHow;
  /**
   * other Sidecars of the same level that istiod applies instead if they are older: the manifests
   * show no creation time, so the input cannot say which wins
   */
  rivals: Resource[];
}

export interface EgressHost {
  text: string;
  /** `*`, `.`, `~` or a namespace name */
  namespace: string;
  dnsName: string;
  path: Path;
}

/** istiod tells a Sidecar with a workloadSelector (even `{}`) from one without by its presence. */
export function hasWorkloadSelector(sidecar: Resource): boolean {
  return hasOwn(sidecar.spec, 'workloadSelector') && sidecar.spec.workloadSelector !== null && sidecar.spec.workloadSelector !== undefined;
}

/** The labels of a Sidecar's workloadSelector; {} for `workloadSelector: {}`, undefined without one. */
export function selectorLabels(sidecar: Resource): Record<string, unknown> | undefined {
  if (!hasWorkloadSelector(sidecar)) return undefined;
  return asObj(asObj(sidecar.spec.workloadSelector)?.labels) ?? {};
}

export function selects(sidecar: Resource, workload: Workload): boolean {
  const labels = selectorLabels(sidecar);
  return labels !== undefined && sidecar.namespace === workload.namespace && matches(fromMap(labels), workload.labels);
}

const created = (r: Resource): number => Date.parse(asString(r.metadata.creationTimestamp) ?? '');

/**
 * The winner among Sidecars of one level: the oldest, then by name (pilot/pkg/model/config.go
 * sortConfigByCreationTime). Only when every one shows its creation time is the order known;
 * otherwise the one first by name is taken and the rest stay rivals.
 */
export function precedence(candidates: readonly Resource[]): { winner: Resource; rivals: Resource[] } | undefined {
  if (candidates.length === 0) return undefined;
  const byName = [...candidates].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.namespace! < b.namespace! ? -1 : 1));
  if (byName.every((r) => !Number.isNaN(created(r)))) {
    const ordered = byName.sort((a, b) => created(a) - created(b));
    return { winner: ordered[0] as Resource, rivals: [] };
  }
  return { winner: byName[0] as Resource, rivals: byName.slice(1) };
}

export function sidecarFor(workload: Workload, sidecars: readonly Resource[], rootNamespace: string): SidecarScope | undefined {
  const inNamespace = sidecars.filter((s) => s.namespace === workload.namespace);
  const levels: [SidecarHow, Resource[]][] = [
    ['workloadSelector', inNamespace.filter((s) => selects(s, workload))],
    ['namespace', inNamespace.filter((s) => !hasWorkloadSelector(s))],
    ['root namespace', sidecars.filter((s) => s.namespace === rootNamespace && !hasWorkloadSelector(s))],
  ];
  for (const [how, candidates] of levels) {
    const chosen = precedence(candidates);
    if (chosen) return { sidecar: chosen.winner, how, rivals: chosen.rivals };
  }
  return undefined;
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
  /** every Sidecar of the input (networking.istio.io) */
  all: readonly Resource[];
}

export const sidecars = defineFact({
  id: 'mesh.sidecars',
  description: 'which Sidecar resource scopes each workload\'s proxy',
  reads: ['Sidecar'],
  uses: [meshConfigs],
  compute: ({ model, use }): Sidecars => {
    const all = model.ofKind('Sidecar').filter((s) => s.ref.apiVersion.startsWith('networking.istio.io/'));
    const root = use(meshConfigs).rootNamespace;
    return { of: (workload) => sidecarFor(workload, all, root), all };
  },
});
