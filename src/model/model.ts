/**
 * The manifest graph: every resource of every input, indexed, plus the derived facts rules
 * share (computed once, on first use). Rules read it and never change it.
 */
import type { Located, Path } from '../load/parser.js';
import { asObj, asString, type Resource, textList } from '../load/resource.js';
import { CallerIndex } from '../facts/calls/callers.js';
import { collectClusterDomain, type ClusterDomainFacts } from '../facts/dns/cluster-domain.js';
import { collectClusterDns, type ClusterDnsServers } from '../facts/dns/cluster-dns.js';
import { headlessPeers, type HeadlessRole } from '../facts/headless/peers.js';
import { AMBIENT_LABEL, collectInjectors, injectionOf, REV_LABEL, INJECT_KEY, NS_INJECTION_LABEL, type InjectionVerdict, type InjectorConfig } from '../facts/injection/injection.js';
import { findIstiods, type Istiod } from '../facts/mesh/istiod.js';
import { collectServedRevisions, type ServedRevisions } from '../facts/injection/revisions.js';
import { collectMeshConfigs, meshConfigFor, type MeshConfig } from '../facts/mesh/mesh-config.js';
import { sidecarFor, type SidecarScope } from '../facts/mesh/sidecar-scope.js';
import { namespaceInfo, type NamespaceInfo, type UnlistedInjection } from './namespaces.js';
import { fromMap, matches } from './selector.js';
import { AuthorizationEvaluator } from '../facts/security/authorization.js';
import { DestinationRuleIndex } from '../facts/transport/destination-rules.js';
import { MtlsResolver } from '../facts/transport/mtls.js';
import { Workload, WORKLOAD_KINDS } from './workload.js';
import { NetpolEvaluator } from '../netpol/evaluator.js';

export interface ClusterFacts {
  /** set by --cluster-domain or the config file */
  clusterDomain?: { value: string; origin: string };
  defaultNamespace: string;
  dnsNamespace: string;
  dnsPodLabels: Record<string, string>;
  istioRootNamespace: string;
  unlistedNamespaces: UnlistedInjection;
}

export const DEFAULT_FACTS: ClusterFacts = {
  defaultNamespace: 'default',
  dnsNamespace: 'kube-system',
  dnsPodLabels: { 'k8s-app': 'kube-dns' },
  istioRootNamespace: 'istio-system',
  unlistedNamespaces: 'unknown',
};

/** Why a Service is expected to be headless. */
export interface HeadlessUse {
  /** a StatefulSet's serviceName, a pod template's subdomain, or a caller's per-pod DNS name */
  via: 'serviceName' | 'subdomain' | 'per-pod-name';
  by: Resource;
  /** field of `by` that shows the use */
  path: Path;
  /** the exact place inside embedded text (a per-pod name in a ConfigMap), when `path` is a whole string */
  located?: Located;
  description: string;
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

export class Graph {
  readonly byKind = new Map<string, Resource[]>();
  private readonly byKey = new Map<string, Resource>();
  private readonly workloadList: Workload[] = [];
  private readonly workloadsByNs = new Map<string, Workload[]>();
  private readonly namespaceMap = new Map<string, NamespaceInfo>();
  private readonly memo = new Map<string, unknown>();
  private readonly selectedMemo = new Map<Resource, Workload[]>();
  private readonly injectionMemo = new Map<Workload, InjectionVerdict>();
  /** kinds asked for through ofKind(), get(), workloads and namespaces, to check rules' declared inputs */
  readonly kindsRead = new Set<string>();

  constructor(
    readonly resources: readonly Resource[],
    readonly facts: ClusterFacts = DEFAULT_FACTS,
  ) {
    for (const r of resources) {
      const list = this.byKind.get(r.kind);
      if (list) list.push(r);
      else this.byKind.set(r.kind, [r]);
      const k = key(r.kind, r.namespace, r.name);
      if (!this.byKey.has(k)) this.byKey.set(k, r);
    }
    for (const kind of WORKLOAD_KINDS) {
      for (const r of this.byKind.get(kind) ?? []) {
        const w = new Workload(r);
        this.workloadList.push(w);
        const list = this.workloadsByNs.get(r.namespace);
        if (list) list.push(w);
        else this.workloadsByNs.set(r.namespace, [w]);
      }
    }
    for (const ns of this.byKind.get('Namespace') ?? []) {
      if (!this.namespaceMap.has(ns.name)) this.namespaceMap.set(ns.name, namespaceInfo(ns.name, ns, facts.unlistedNamespaces));
    }
    // Namespaces a stock cluster always has, and the ones the input refers to.
    for (const name of [facts.defaultNamespace, 'default', facts.dnsNamespace, 'kube-system']) this.ensureNamespace(name);
    for (const r of resources) if (r.namespace) this.ensureNamespace(r.namespace);
  }

  private ensureNamespace(name: string) {
    if (!this.namespaceMap.has(name)) this.namespaceMap.set(name, namespaceInfo(name, undefined, this.facts.unlistedNamespaces));
  }

  private lazy<T>(name: string, compute: () => T): T {
    if (!this.memo.has(name)) this.memo.set(name, compute());
    return this.memo.get(name) as T;
  }

  ofKind(kind: string): readonly Resource[] {
    this.kindsRead.add(kind);
    return this.byKind.get(kind) ?? [];
  }

  has(kind: string): boolean {
    return (this.byKind.get(kind)?.length ?? 0) > 0;
  }

  get(kind: string, namespace: string, name: string): Resource | undefined {
    this.kindsRead.add(kind);
    return this.byKey.get(key(kind, namespace, name));
  }

  /** Every pod template of every workload kind: reading them reads all those kinds. */
  get workloads(): Workload[] {
    for (const kind of WORKLOAD_KINDS) this.kindsRead.add(kind);
    return this.workloadList;
  }

  namespace(name: string): NamespaceInfo {
    this.kindsRead.add('Namespace');
    this.ensureNamespace(name);
    return this.namespaceMap.get(name) as NamespaceInfo;
  }

  get namespaces(): NamespaceInfo[] {
    this.kindsRead.add('Namespace');
    return [...this.namespaceMap.values()];
  }

  workloadsIn(namespace: string): readonly Workload[] {
    for (const kind of WORKLOAD_KINDS) this.kindsRead.add(kind);
    return this.workloadsByNs.get(namespace) ?? [];
  }

  workloadOf(resource: Resource): Workload | undefined {
    return this.workloadsIn(resource.namespace).find((w) => w.resource === resource);
  }

  services(): readonly Resource[] {
    return this.ofKind('Service');
  }

  /** Pod templates a Service's selector matches (empty for selector-less Services). */
  selectedBy(service: Resource): Workload[] {
    let selected = this.selectedMemo.get(service);
    if (!selected) {
      const raw = asObj(service.spec.selector);
      if (!raw || Object.keys(raw).length === 0) selected = [];
      else {
        const selector = fromMap(raw);
        selected = this.workloadsIn(service.namespace).filter((w) => matches(selector, w.labels));
      }
      this.selectedMemo.set(service, selected);
    }
    return selected;
  }

  /** Documents that are Helm values rather than Kubernetes objects (no kind, Istio's top-level keys). */
  get helmValues(): Resource[] {
    this.kindsRead.add('');
    return this.lazy('helmValues', () =>
      (this.byKind.get('') ?? []).filter((r) => r.value.apiVersion === undefined && r.value.metadata === undefined && (asObj(r.value.global) !== undefined || asObj(r.value.meshConfig) !== undefined)),
    );
  }

  get clusterDomain(): ClusterDomainFacts {
    return this.lazy('clusterDomain', () =>
      collectClusterDomain({
        userDomain: this.facts.clusterDomain,
        dnsNamespace: this.facts.dnsNamespace,
        configMaps: [...this.ofKind('ConfigMap')],
        kubeadmConfigs: this.ofKind('ClusterConfiguration').filter((r) => r.ref.apiVersion.startsWith('kubeadm.k8s.io/')),
        kubeletConfigs: [...this.ofKind('KubeletConfiguration')],
        istioOperators: [...this.ofKind('IstioOperator')],
        helmValues: this.helmValues,
      }),
    );
  }

  get istiods(): Istiod[] {
    return this.lazy('istiods', () => findIstiods(this.workloads));
  }

  get meshConfigs(): MeshConfig[] {
    return this.lazy('meshConfigs', () => collectMeshConfigs([...this.ofKind('ConfigMap')], [...this.ofKind('IstioOperator')], this.helmValues, this.facts.istioRootNamespace));
  }

  get injectors(): InjectorConfig[] {
    return this.lazy('injectors', () => collectInjectors([...this.ofKind('ConfigMap')], [...this.ofKind('IstioOperator')]));
  }

  /** Revisions served by an istiod or a revision tag webhook; undefined when no control plane is in the input. */
  get servedRevisions(): Set<string> | undefined {
    return this.revisions.served;
  }

  injection(workload: Workload): InjectionVerdict {
    let verdict = this.injectionMemo.get(workload);
    if (!verdict) {
      verdict = injectionOf(workload, {
        namespace: this.namespace(workload.namespace),
        injectors: this.injectors,
        servedRevisions: this.servedRevisions,
        webhooksInInput: this.revisions.webhooksInInput,
      });
      this.injectionMemo.set(workload, verdict);
    }
    return verdict;
  }

  /** Does the input show any sign that Istio is used? */
  get istioInUse(): boolean {
    return this.lazy('istioInUse', () => {
      if (this.istiods.length > 0 || this.has('IstioOperator')) return true;
      if (this.resources.some((r) => /\.istio\.io\//.test(r.ref.apiVersion))) return true;
      if (this.namespaces.some((n) => n.labels[NS_INJECTION_LABEL] !== undefined || n.labels[REV_LABEL] !== undefined || n.labels[AMBIENT_LABEL] !== undefined)) return true;
      return this.workloads.some((w) => w.labels[INJECT_KEY] !== undefined || w.annotations[INJECT_KEY] !== undefined || w.labels[REV_LABEL] !== undefined);
    });
  }

  get callers(): CallerIndex {
    return this.lazy('callers', () =>
      new CallerIndex({
        workloads: this.workloads,
        configMap: (ns, name) => this.get('ConfigMap', ns, name),
        service: (ns, name) => this.get('Service', ns, name),
      }),
    );
  }

  /** Everything that relies on a Service being headless, keyed by Service. */
  headlessUses(service: Resource): HeadlessUse[] {
    const uses = this.lazy('headlessUses', () => {
      const map = new Map<Resource, HeadlessUse[]>();
      const add = (svc: Resource | undefined, use: HeadlessUse) => {
        if (!svc) return;
        const list = map.get(svc);
        if (list) list.push(use);
        else map.set(svc, [use]);
      };
      for (const w of this.workloads) {
        if (w.kind === 'StatefulSet') {
          const name = asString(w.resource.spec.serviceName);
          if (name) add(this.get('Service', w.namespace, name), { via: 'serviceName', by: w.resource, path: ['spec', 'serviceName'], description: `${w.display} names it as spec.serviceName` });
        }
        // The StatefulSet controller overwrites its pods' subdomain with serviceName
        // (pkg/controller/statefulset/stateful_set_utils.go, initIdentity).
        const subdomain = w.kind === 'StatefulSet' ? undefined : asString(w.podSpec.subdomain);
        if (subdomain) add(this.get('Service', w.namespace, subdomain), { via: 'subdomain', by: w.resource, path: w.specPath('subdomain'), description: `${w.display} names it as the pods' spec.subdomain` });
      }
      for (const ref of this.callers.references) {
        if (ref.service && ref.parts.pod) {
          // A position costs a positioned parse of the file: read only when a finding uses it.
          add(ref.service, { via: 'per-pod-name', by: ref.resource, path: ref.path, get located() { return ref.located; }, description: `${ref.caller.display} calls the per-pod name ${ref.name}` });
        }
      }
      return map;
    });
    return uses.get(service) ?? [];
  }

  /** The StatefulSets governed by a Service (their serviceName). */
  governedBy(service: Resource): Workload[] {
    return this.workloadsIn(service.namespace).filter((w) => w.kind === 'StatefulSet' && w.resource.spec.serviceName === service.name);
  }

  // --- NetworkPolicy evaluation (src/netpol) ---

  /** The NetworkPolicy evaluator over this input, built on first use. */
  get netpol(): NetpolEvaluator {
    return this.lazy('netpol', () =>
      new NetpolEvaluator({
        workloads: this.workloads,
        policies: this.ofKind('NetworkPolicy'),
        namespaceLabels: (ns) => this.namespace(ns).labels,
        dnsNamespace: this.facts.dnsNamespace,
        dnsPodLabels: this.facts.dnsPodLabels,
        istioRootNamespace: this.facts.istioRootNamespace,
        istiods: this.istiods,
      }),
    );
  }
  // Beyond the seed: mTLS, DestinationRules, authorization (issue 6).

  /** The mesh config of the default revision, else the first one read. */
  get meshConfig(): MeshConfig | undefined {
    return this.meshConfigs.find((m) => m.revision === 'default') ?? this.meshConfigs[0];
  }

  /** Istio's config root namespace: mesh-wide policies live there. */
  get rootNamespace(): string {
    return this.meshConfig?.rootNamespace ?? this.facts.istioRootNamespace;
  }

  get mtls(): MtlsResolver {
    return this.lazy('mtls', () => new MtlsResolver(this.ofKind('PeerAuthentication'), this.rootNamespace));
  }

  get destinationRules(): DestinationRuleIndex {
    return this.lazy('destinationRules', () => {
      const exportTo = textList(this.meshConfig?.value.defaultDestinationRuleExportTo);
      return new DestinationRuleIndex({
        destinationRules: this.ofKind('DestinationRule'),
        rootNamespace: this.rootNamespace,
        clusterDomain: this.clusterDomain.effective,
        defaultExportTo: exportTo.length > 0 ? exportTo : ['*'],
      });
    });
  }

  get authorization(): AuthorizationEvaluator {
    return this.lazy('authorization', () =>
      new AuthorizationEvaluator({
        policies: this.ofKind('AuthorizationPolicy'),
        rootNamespace: this.rootNamespace,
        trustDomain: this.meshConfig?.trustDomain ?? 'cluster.local',
        trustDomainAliases: this.meshConfig?.trustDomainAliases ?? [],
      }),
    );
  }

  /** Services whose selector matches the workload's pods. */
  servicesOf(workload: Workload): Resource[] {
    const services = this.ofKind('Service');
    // One pass over the Services builds the reverse of selectedBy; asking every Service for
    // every workload made this quadratic in the mesh.
    const index = this.lazy('servicesOf', () => {
      const byWorkload = new Map<Workload, Resource[]>();
      for (const service of services) {
        for (const w of this.selectedBy(service)) {
          const list = byWorkload.get(w);
          if (list) list.push(service);
          else byWorkload.set(w, [service]);
        }
      }
      return byWorkload;
    });
    return [...(index.get(workload) ?? [])];
  }

  // --- cluster DNS (helper dns) ---

  /** Addresses known to reach cluster DNS (kube-dns clusterIP, kubelet clusterDNS, NodeLocal DNSCache). */
  get clusterDns(): ClusterDnsServers {
    return this.lazy('clusterDns', () =>
      collectClusterDns({
        dnsNamespace: this.facts.dnsNamespace,
        dnsPodLabels: this.facts.dnsPodLabels,
        services: this.ofKind('Service'),
        kubeletConfigs: this.ofKind('KubeletConfiguration'),
        configMaps: this.ofKind('ConfigMap'),
        workloads: this.workloads,
      }),
    );
  }

  /** Workloads behind or calling a headless Service, with their roles. */
  get headlessPeers(): Map<Workload, HeadlessRole[]> {
    return this.lazy('headlessPeers', () =>
      headlessPeers({
        services: this.services(),
        isHeadless,
        selectedBy: (s) => this.selectedBy(s),
        governedBy: (s) => this.governedBy(s),
        callersOf: (s, backing) => this.callers.callersOf(s, backing),
      }),
    );
  }

  // Mesh scoping (discovery, exportTo, Sidecar): helper "mesh".

  /** The mesh root namespace: from the default revision's mesh config, else the cluster facts. */
  get meshRootNamespace(): string {
    return this.lazy('meshRootNamespace', () => meshConfigFor(this.meshConfigs)?.rootNamespace ?? this.facts.istioRootNamespace);
  }

  /** The Sidecar resource that scopes a workload's proxy, if any. */
  sidecarOf(workload: Workload): SidecarScope | undefined {
    const sidecars = this.lazy('sidecars', () => this.ofKind('Sidecar').filter((s) => s.ref.apiVersion.startsWith('networking.istio.io/')));
    return sidecarFor(workload, sidecars, this.meshRootNamespace);
  }

  // Injection revisions and probes (helper "probes", issue 6).

  /** The revisions and tags the control plane in the input serves, with where each is declared. */
  get revisions(): ServedRevisions {
    return this.lazy('revisions', () => collectServedRevisions(this.istiods, this.ofKind('MutatingWebhookConfiguration')));
  }
}

export function isHeadless(service: Resource): boolean {
  return service.spec.clusterIP === 'None';
}
