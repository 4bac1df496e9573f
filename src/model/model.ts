/**
 * The model: every resource of every input, indexed by kind, namespace and name, with the pod
 * templates read as workloads, the namespaces as the API server shows them, and which pods a
 * Service selects. Only what was read: everything derived is a fact (src/facts). Rules and facts
 * read it and never change it.
 */
import { asObj, isIstioHelmValues, type Resource } from '../load/resource.js';
import { namespaceInfo, type NamespaceInfo } from './namespaces.js';
import { historyReplicaSets, ownerId, rootOf, type OwnerKey, type Root } from './owners.js';
import { fromMap, matches } from './selector.js';
import type { Fleet } from './fleet.js';
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
  /** every workload-kind resource collapsed into a workload it is not itself: its Pods, ReplicaSets, Jobs */
  private readonly liveByWorkload = new Map<Workload, Resource[]>();
  private readonly historyByWorkload = new Map<Workload, Resource[]>();
  private readonly history = new Set<Resource>();
  private readonly namespaceMap = new Map<string, NamespaceInfo>();
  private readonly selectedMemo = new Map<Resource, Workload[]>();
  private servicesByWorkload: Map<Workload, Resource[]> | undefined;
  private helmValuesList: Resource[] | undefined;
  /** kinds asked for (ofKind, get, workloads, namespaces, Helm values): checks declared reads in tests */
  readonly kindsRead = new Set<string>();

  constructor(
    readonly resources: readonly Resource[],
    readonly settings: ClusterSettings = DEFAULT_SETTINGS,
    /** in a multi-cluster run: this cluster's name and the clusters given before it */
    readonly fleet?: Fleet,
  ) {
    for (const r of resources) {
      const list = this.byKind.get(r.kind);
      if (list) list.push(r);
      else this.byKind.set(r.kind, [r]);
      const k = key(r.kind, r.namespace, r.name);
      if (!this.byKey.has(k)) this.byKey.set(k, r);
    }
    this.collectWorkloads();
    for (const ns of this.byKind.get('Namespace') ?? []) {
      if (!this.namespaceMap.has(ns.name)) this.namespaceMap.set(ns.name, namespaceInfo(ns.name, ns, settings.unlistedNamespaces));
    }
    // Namespaces a stock cluster always has, and the ones the input refers to.
    for (const name of [settings.defaultNamespace, 'default', settings.dnsNamespace, 'kube-system']) this.ensureNamespace(name);
    for (const r of resources) if (r.namespace) this.ensureNamespace(r.namespace);
  }

  /**
   * Each workload once: a resource whose controller chain ends in an owner present in the input
   * is that owner's live object; objects whose top owner is only named (a dump without its
   * Deployments) are one workload per owner, the object closest to it standing for it.
   * ReplicaSets scaled to 0 that are not the current revision are history, never a workload.
   */
  private collectWorkloads() {
    const find = (k: OwnerKey) => this.byKey.get(key(k.kind, k.namespace, k.name));
    // Keyed by the owner itself when present: duplicates of one name stay separate workloads.
    const groups = new Map<Resource | string, { root: Root; members: { r: Resource; depth: number }[] }>();
    const roots = new Map<Resource, Resource | string>();
    for (const kind of WORKLOAD_KINDS) {
      for (const r of this.byKind.get(kind) ?? []) {
        const root = rootOf(r, find);
        const id = root.resource ?? ownerId(root.key);
        const group = groups.get(id) ?? { root, members: [] };
        groups.set(id, group);
        group.members.push({ r, depth: root.depth });
        roots.set(r, id);
      }
    }
    const workloadOfGroup = new Map<Resource | string, Workload>();
    for (const [id, group] of groups) {
      const replicaSets = group.members.filter((m) => m.r.kind === 'ReplicaSet' && m.r !== group.root.resource).map((m) => m.r);
      for (const r of historyReplicaSets(replicaSets, group.root.resource !== undefined)) this.history.add(r);
      // The owner itself, else the live object nearest to it (a current ReplicaSet before its pods).
      const candidates = group.members.filter((m) => !this.history.has(m.r));
      const standIn = group.root.resource ?? candidates.reduce<{ r: Resource; depth: number } | undefined>((best, m) => (!best || m.depth < best.depth ? m : best), undefined)?.r;
      if (!standIn) continue;
      workloadOfGroup.set(id, new Workload(standIn, group.root.key));
    }
    for (const kind of WORKLOAD_KINDS) {
      for (const r of this.byKind.get(kind) ?? []) {
        const w = workloadOfGroup.get(roots.get(r) as Resource | string);
        if (!w) continue;
        this.workloadByResource.set(r, w);
        if (w.resource !== r) {
          const byWorkload = this.history.has(r) ? this.historyByWorkload : this.liveByWorkload;
          const list = byWorkload.get(w);
          if (list) list.push(r);
          else byWorkload.set(w, [r]);
          continue;
        }
        this.workloadList.push(w);
        const list = this.workloadsByNs.get(r.namespace);
        if (list) list.push(w);
        else this.workloadsByNs.set(r.namespace, [w]);
      }
    }
    for (const revision of this.byKind.get('ControllerRevision') ?? []) {
      const w = this.workloadByResource.get(rootOf(revision, find).resource as Resource);
      if (!w) continue;
      const list = this.historyByWorkload.get(w);
      if (list) list.push(revision);
      else this.historyByWorkload.set(w, [revision]);
    }
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

  /** The workload a resource is, or is a live object or rollout history of. */
  workloadOf(resource: Resource): Workload | undefined {
    this.readWorkloads();
    return this.workloadByResource.get(resource);
  }

  /**
   * The object the user edits for a resource: its top controller in the input (a Pod's
   * Deployment), or the live object standing for an owner the input lacks; the resource itself
   * when nothing owns it.
   */
  ownerOf(resource: Resource): Resource {
    return this.workloadOf(resource)?.resource ?? resource;
  }

  /** The live objects collapsed into a workload (its ReplicaSets, Pods, Jobs), rollout history excluded. */
  liveOf(workload: Workload): readonly Resource[] {
    this.readWorkloads();
    return this.liveByWorkload.get(workload) ?? [];
  }

  /** The live Pods of a workload: the workload itself when it is a Pod standing for its owner. */
  podsOf(workload: Workload): readonly Resource[] {
    const pods = this.liveOf(workload).filter((r) => r.kind === 'Pod');
    return workload.kind === 'Pod' ? [workload.resource, ...pods] : pods;
  }

  /** Rollout history of a workload: ReplicaSets scaled to 0 that are not current, ControllerRevisions. */
  historyOf(workload: Workload): readonly Resource[] {
    this.readWorkloads();
    this.kindsRead.add('ControllerRevision');
    return this.historyByWorkload.get(workload) ?? [];
  }

  /**
   * Whether a resource is a live copy or history of a workload the user edits elsewhere: rules
   * that look at every resource skip these, so a finding is reported once, on the owner.
   */
  isDerived(resource: Resource): boolean {
    if (!this.workloadByResource.has(resource)) return false;
    // The answer depends on the owners: reading it reads them.
    this.readWorkloads();
    const w = this.workloadByResource.get(resource);
    return w !== undefined && w.resource !== resource;
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
