/**
 * The pods a verdict is about. Each workload's pod template stands for all its pods; cluster
 * components the input usually lacks are assumed with their stock labels and ports.
 */
import type { Labels } from '../model/selector.js';
import type { Workload } from '../model/workload.js';
import type { Protocol } from './ports.js';
import { asProtocol } from './ports.js';

export interface PodPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

export interface PodGroup {
  namespace: string;
  name: string;
  kind: string;
  labels: Labels;
  ports: PodPort[];
  /** hostNetwork pods: no podSelector selects them; their traffic comes from a node address */
  hostNetwork: boolean;
  workload?: Workload;
  /** why the group was assumed rather than read from the input */
  assumed?: string;
}

export function podGroupDisplay(group: PodGroup): string {
  return `${group.kind} ${group.namespace}/${group.name}${group.assumed ? ' (assumed)' : ''}`;
}

export function fromWorkload(workload: Workload): PodGroup {
  return {
    namespace: workload.namespace,
    name: workload.name,
    kind: workload.kind,
    labels: workload.labels,
    ports: workload.ports().flatMap((p) => {
      const protocol = asProtocol(p.protocol);
      return protocol ? [{ name: p.name, port: p.containerPort, protocol }] : [];
    }),
    hostNetwork: workload.hostNetwork,
    workload,
  };
}

/** CoreDNS as kubeadm and most distributions deploy it. */
export function assumedDns(namespace: string, labels: Labels): PodGroup {
  return {
    namespace,
    name: 'coredns',
    kind: 'Deployment',
    labels: { ...labels },
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ],
    hostNetwork: false,
    assumed: `no pod labelled ${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',')} in ${namespace} is in the input; the cluster DNS pods are assumed there`,
  };
}

/** istiod as the istio-discovery chart labels it, for inputs that hold the workloads but not the control plane. */
export function assumedIstiod(namespace: string): PodGroup {
  return {
    namespace,
    name: 'istiod',
    kind: 'Deployment',
    labels: { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default' },
    ports: [
      { name: 'grpc-xds', port: 15010, protocol: 'TCP' },
      { name: 'https-dns', port: 15012, protocol: 'TCP' },
      { name: 'https-webhook', port: 15017, protocol: 'TCP' },
    ],
    hostNetwork: false,
    assumed: `no istiod is in the input; it is assumed in ${namespace} with the chart's labels app=istiod, istio=pilot`,
  };
}

/**
 * The API server that calls istiod's injection webhook: on self-managed clusters a hostNetwork
 * static pod in kube-system (kubeadm labels), on managed ones outside the cluster. Either way its
 * connections come from a node or control-plane address, not a pod address.
 */
export const API_SERVER: PodGroup = {
  namespace: 'kube-system',
  name: 'kube-apiserver',
  kind: 'Pod',
  labels: { component: 'kube-apiserver', tier: 'control-plane' },
  ports: [],
  hostNetwork: true,
  assumed: 'the Kubernetes API server, a host-network process',
};
