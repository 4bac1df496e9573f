/**
 * Owners and rollout history: which object the user edits for each live object of a cluster
 * dump. Kubernetes' controllers write a `controller: true` ownerReference on what they create
 * (Deployment -> ReplicaSet -> Pod, StatefulSet -> Pod and ControllerRevision, DaemonSet -> Pod,
 * CronJob -> Job -> Pod); following them collapses a dump into the objects a user applies.
 * Where an owner is missing from the input, the names Kubernetes gives still tell it: a
 * Deployment's ReplicaSet is named `<deployment>-<pod-template-hash>` and its pods carry that
 * hash as a label, so pods of one Deployment stay one workload when its ReplicaSets are absent.
 */
import { asArray, asObj, asString, type Resource } from '../load/resource.js';

/** The label the Deployment controller puts on a ReplicaSet's template and pods. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';
/** The Deployment controller's revision counter on each ReplicaSet. */
export const DEPLOYMENT_REVISION = 'deployment.kubernetes.io/revision';

/** Controllers whose ownership collapses objects into one workload. */
const CONTROLLER_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);

export interface OwnerKey {
  kind: string;
  namespace: string;
  name: string;
}

/** The controller ownerReference of a resource (`controller: true`), when it names a known controller. */
export function controllerRef(resource: Resource): OwnerKey | undefined {
  for (const raw of asArray(resource.metadata.ownerReferences)) {
    const ref = asObj(raw);
    if (!ref || ref.controller !== true) continue;
    const kind = asString(ref.kind);
    const name = asString(ref.name);
    if (kind && name && CONTROLLER_KINDS.has(kind)) return { kind, namespace: resource.namespace, name };
  }
  return undefined;
}

/**
 * The Deployment a ReplicaSet named `<deployment>-<hash>` belongs to, read from the names
 * alone: the hash is the pods' (or the ReplicaSet's) pod-template-hash label.
 */
export function deploymentByHash(replicaSetName: string, hash: string | undefined): string | undefined {
  if (!hash || !replicaSetName.endsWith(`-${hash}`)) return undefined;
  const name = replicaSetName.slice(0, -hash.length - 1);
  return name || undefined;
}

export function ownerId(key: OwnerKey): string {
  return `${key.kind}\u0000${key.namespace}\u0000${key.name}`;
}

/** Where a resource's chain of controllers ends: an owner in the input, or one only named. */
export interface Root {
  /** the top owner present in the input; undefined when the top is only named by references */
  resource?: Resource;
  key: OwnerKey;
  /** how many steps up the chain the root is (0: the resource is its own root) */
  depth: number;
}

/**
 * Follows controllers upwards. `find` looks an owner up in the input. A ReplicaSet absent from
 * the input still leads to its Deployment through the pod-template-hash naming.
 */
export function rootOf(resource: Resource, find: (key: OwnerKey) => Resource | undefined): Root {
  let current: Resource = resource;
  let depth = 0;
  const seen = new Set<Resource>([resource]);
  for (;;) {
    const parent = controllerRef(current);
    if (!parent) return { resource: current, key: keyOf(current), depth };
    const found = find(parent);
    if (found && !seen.has(found)) {
      seen.add(found);
      current = found;
      depth++;
      continue;
    }
    if (found) return { resource: current, key: keyOf(current), depth };
    // The parent is only named: one more step is known by naming for a Deployment's ReplicaSet.
    if (parent.kind === 'ReplicaSet') {
      const deployment = deploymentByHash(parent.name, current.labels[POD_TEMPLATE_HASH]);
      if (deployment) {
        const key = { kind: 'Deployment', namespace: parent.namespace, name: deployment };
        const owner = find(key);
        if (owner) return { resource: owner, key, depth: depth + 2 };
        return { key, depth: depth + 2 };
      }
    }
    return { key: parent, depth: depth + 1 };
  }
}

function keyOf(resource: Resource): OwnerKey {
  return { kind: resource.kind, namespace: resource.namespace, name: resource.name };
}

/** The Deployment controller's revision number of a ReplicaSet, when written. */
export function revisionOf(replicaSet: Resource): number | undefined {
  const raw = replicaSet.annotations[DEPLOYMENT_REVISION];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) ? n : undefined;
}

/**
 * Rollout history among the ReplicaSets of one Deployment: those scaled to 0 that are not the
 * current revision. The current one is the highest revision, or any ReplicaSet still scaled up;
 * a Deployment scaled to 0 keeps its current ReplicaSet as its workload.
 */
export function historyReplicaSets(replicaSets: readonly Resource[], ownerPresent: boolean): Set<Resource> {
  const history = new Set<Resource>();
  const scaledDown = (r: Resource) => r.spec.replicas === 0;
  if (ownerPresent) {
    for (const r of replicaSets) if (scaledDown(r)) history.add(r);
    return history;
  }
  const revisions = replicaSets.map(revisionOf).filter((n): n is number => n !== undefined);
  const latest = revisions.length > 0 ? Math.max(...revisions) : undefined;
  const anyUp = replicaSets.some((r) => !scaledDown(r));
  for (const r of replicaSets) {
    if (!scaledDown(r)) continue;
    const rev = revisionOf(r);
    if (anyUp || (latest !== undefined && rev !== undefined && rev < latest)) history.add(r);
  }
  return history;
}
