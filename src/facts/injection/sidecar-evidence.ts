/**
 * What a pod or pod template shows of the injector's work, before any label is read. The webhook
 * and `istioctl kube-inject` write the same things (istio/istio
 * manifests/charts/istio-control/istio-discovery/files/injection-template.yaml): an `istio-proxy`
 * container (an init container with `restartPolicy: Always` when the proxy is a native sidecar),
 * the `istio-init` or, with istio-cni, `istio-validation` init container running istio-iptables,
 * and the `sidecar.istio.io/status` annotation naming what was added and the revision. Ambient pods
 * carry istio-cni's `ambient.istio.io/redirection: enabled` instead
 * (https://istio.io/latest/docs/reference/config/annotations/#AmbientRedirection).
 */
import type { Path } from '../../load/parser.js';
import { asObj, asString, hasOwn } from '../../load/resource.js';
import type { Container, Workload } from '../../model/workload.js';
import { displayPath } from '../../schema/instance.js';

export const PROXY_CONTAINER = 'istio-proxy';
/** Init containers that run istio-iptables: istio-init, or istio-validation under istio-cni. */
export const IPTABLES_CONTAINERS = ['istio-init', 'istio-validation'];
export const STATUS_ANNOTATION = 'sidecar.istio.io/status';
export const REV_ANNOTATION = 'istio.io/rev';
export const AMBIENT_REDIRECTION = 'ambient.istio.io/redirection';

export interface SidecarEvidence {
  /** which field shows the sidecar */
  kind: 'proxy-container' | 'native-sidecar' | 'status-annotation';
  path: Path;
  /** "istio-proxy container at spec.template.spec.containers[1]", for messages and trace */
  description: string;
  /** the proxy container, when the pod has one */
  proxy?: Container;
  /** the revision the injector wrote (status annotation, else the istio.io/rev annotation), and where */
  revision?: { value: string; path: Path };
}

/** The istio-proxy container: a regular container, or a native sidecar (init container with restartPolicy Always). */
export function proxyContainer(workload: Workload): Container | undefined {
  return workload.containers(true).find((c) => c.name === PROXY_CONTAINER && (!c.init || c.container.restartPolicy === 'Always'));
}

/** The containers the injector wrote: they are the mesh's, not the application's. */
export function injectedContainers(workload: Workload): Container[] {
  if (!sidecarEvidence(workload)) return [];
  return workload.containers(true).filter((c) => c.name === PROXY_CONTAINER || (c.init && IPTABLES_CONTAINERS.includes(c.name)));
}

export function iptablesContainer(workload: Workload): Container | undefined {
  return workload.containers(true).find((c) => c.init && IPTABLES_CONTAINERS.includes(c.name));
}

function injectedRevision(workload: Workload): SidecarEvidence['revision'] {
  const status = workload.annotations[STATUS_ANNOTATION];
  if (status !== undefined) {
    try {
      const revision = asString(asObj(JSON.parse(status))?.revision);
      if (revision) return { value: revision, path: workload.metadataPath('annotations', STATUS_ANNOTATION) };
    } catch {
      // A status that is not JSON still shows injection; it just names no revision.
    }
  }
  const rev = workload.annotations[REV_ANNOTATION];
  return rev ? { value: rev, path: workload.metadataPath('annotations', REV_ANNOTATION) } : undefined;
}

/** The sidecar the pod already has, and the field that shows it; undefined when it shows none. */
export function sidecarEvidence(workload: Workload): SidecarEvidence | undefined {
  const revision = injectedRevision(workload);
  const proxy = proxyContainer(workload);
  // `image: auto` is the placeholder a gateway Deployment leaves for the webhook to fill
  // (https://istio.io/latest/docs/setup/additional-setup/gateway/): a request for injection, not its result.
  if (proxy && !(asString(proxy.container.image) === 'auto' && !hasOwn(workload.annotations, STATUS_ANNOTATION))) {
    const native = proxy.init;
    return {
      kind: native ? 'native-sidecar' : 'proxy-container',
      path: proxy.path,
      description: `${PROXY_CONTAINER} ${native ? 'native sidecar (init container with restartPolicy: Always)' : 'container'} at ${displayPath(proxy.path)}`,
      proxy,
      revision,
    };
  }
  if (hasOwn(workload.annotations, STATUS_ANNOTATION)) {
    const path = workload.metadataPath('annotations', STATUS_ANNOTATION);
    return { kind: 'status-annotation', path, description: `annotation ${STATUS_ANNOTATION} at ${displayPath(path)}`, revision };
  }
  return undefined;
}

/** istio-cni marks pods it redirects to ztunnel with this annotation (ambient mode). */
export function ambientRedirection(workload: Workload): Path | undefined {
  return workload.annotations[AMBIENT_REDIRECTION] === 'enabled' ? workload.metadataPath('annotations', AMBIENT_REDIRECTION) : undefined;
}

/**
 * A Pod read from the API server (`kubectl get -o yaml`) rather than written by hand: it has a
 * uid, a creation time or a status. Only such a pod shows what the webhook did; a hand-written
 * Pod manifest is injected when it is applied.
 */
export function isLivePod(workload: Workload): boolean {
  if (workload.kind !== 'Pod') return false;
  const metadata = workload.resource.metadata;
  return typeof metadata.uid === 'string' || metadata.creationTimestamp !== undefined || asObj(workload.resource.value.status)?.phase !== undefined;
}
