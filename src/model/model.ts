/**
 * The model: every resource of every input, indexed by kind, namespace and name, with the pod
 * templates read as workloads, the namespaces as the API server shows them, and which pods a
 * Service selects. Only what was read: everything derived is a fact (src/facts). Rules and facts
 * read it and never change it.
 */
import { asObj, isIstioHelmValues, type Resource } from '../load/resource.js';
import { namespaceInfo, type NamespaceInfo } from './namespaces.js';
import { fromMap, matches } from './selector.js';
import { DEFAULT_SETTINGS, type ClusterSettings } from './settings.js';
import { Workload, WORKLOAD_KINDS } from './workload.js';

/** Documents without a kind: Helm values files (model.helmValues). */
export const HELM_VALUES = '';

function key(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

export class Model {
  readonly byKind = new Map<string, Resource[]>();
  private readonly byKey = new Map<string, Resource>();
  private readonly workloadList: Workload[] = [];
  private readonly workloadsByNs = new Map<string, Workload[]>();
  private readonly workloadByResource = new Map<Resource, Workload>();
  private readonly namespaceMap = new Map<string, NamespaceInfo>();
  private readonly selectedMemo = new Map<Resource, Workload[]>();
  private servicesByWorkload: Map<Workload, Resource[]> | undefined;
  private helmValuesList: Resource[] | undefined;
  /** kinds asked for (ofKind, get, workloads, namespaces, Helm values): checks declared reads in tests */
  readonly kindsRead = new Set<string>();

  constructor(
    readonly resources: readonly Resource[],
    readonly settings: ClusterSettings = DEFAULT_SETTINGS,
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
        this.workloadByResource.set(r, w);
        const list = this.workloadsByNs.get(r.namespace);
        if (list) list.push(w);
        else this.workloadsByNs.set(r.namespace, [w]);
      }
    }
    for (const ns of this.byKind.get('Namespace') ?? []) {
      if (!this.namespaceMap.has(ns.name)) this.namespaceMap.set(ns.name, namespaceInfo(ns.name, ns, settings.unlistedNamespaces));
    }
    // Namespaces a stock cluster always has, and the ones the input refers to.
    for (const name of [settings.defaultNamespace, 'default', settings.dnsNamespace, 'kube-system']) this.ensureNamespace(name);
    for (const r of resources) if (r.namespace) this.ensureNamespace(r.namespace);
  }

  private ensureNamespace(name: string) {
    if (!this.namespaceMap.has(name)) this.namespaceMap.set(name, namespaceInfo(name, undefined, this.settings.unlistedNamespaces));
  }

  private readWorkloads() {
    for (const kind of WORKLOAD_KINDS) this.kindsRead.add(kind);
  }

  ofKind(kind: string): readonly Resource[] {
    this.kindsRead.add(kind);
    return this.byKind.get(kind) ?? [];
  }

  /** Whether the input holds the kind; not a read (the engine asks it to skip rules). */
  has(kind: string): boolean {
    return (this.byKind.get(kind)?.length ?? 0) > 0;
  }

  get(kind: string, namespace: string, name: string): Resource | undefined {
    this.kindsRead.add(kind);
    return this.byKey.get(key(kind, namespace, name));
  }

  get services(): readonly Resource[] {
    return this.ofKind('Service');
  }

  /** Every pod template of every workload kind: reading them reads all those kinds. */
  get workloads(): readonly Workload[] {
    this.readWorkloads();
    return this.workloadList;
  }

  workloadsIn(namespace: string): readonly Workload[] {
    this.readWorkloads();
    return this.workloadsByNs.get(namespace) ?? [];
  }

  workloadOf(resource: Resource): Workload | undefined {
    this.readWorkloads();
    return this.workloadByResource.get(resource);
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

  /** Documents that are Helm values rather than Kubernetes objects (no kind, Istio's top-level keys). */
  get helmValues(): readonly Resource[] {
    this.kindsRead.add(HELM_VALUES);
    this.helmValuesList ??= (this.byKind.get(HELM_VALUES) ?? []).filter((r) => isIstioHelmValues(r.value));
    return this.helmValuesList;
  }

  /** Pod templates a Service's selector matches (empty for selector-less Services). */
  selectedBy(service: Resource): readonly Workload[] {
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
    this.readWorkloads();
    return selected;
  }

  /** The StatefulSets governed by a Service (their serviceName). */
  governedBy(service: Resource): Workload[] {
    return this.workloadsIn(service.namespace).filter((w) => w.kind === 'StatefulSet' && w.resource.spec.serviceName === service.name);
  }

  /** Services whose selector matches the workload's pods. */
  servicesOf(workload: Workload): Resource[] {
    const services = this.ofKind('Service');
    // One pass over the Services builds the reverse of selectedBy; asking every Service for
    // every workload would be quadratic in the mesh.
    if (!this.servicesByWorkload) {
      const byWorkload = new Map<Workload, Resource[]>();
      for (const service of services) {
        for (const w of this.selectedBy(service)) {
          const list = byWorkload.get(w);
          if (list) list.push(service);
          else byWorkload.set(w, [service]);
        }
      }
      this.servicesByWorkload = byWorkload;
    }
    return [...(this.servicesByWorkload.get(workload) ?? [])];
  }
}
