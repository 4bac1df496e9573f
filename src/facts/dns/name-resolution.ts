/**
 * Will a cluster DNS name a workload uses resolve? Kubernetes DNS
 * (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/):
 * - `<svc>.<ns>.svc.<domain>` exists for every Service; the domain must be the cluster's;
 * - `<hostname>.<svc>.<ns>.svc.<domain>` exists only for pods whose `hostname` and `subdomain`
 *   are set, `subdomain` naming a headless Service in the pod's namespace. A StatefulSet sets
 *   them itself: hostname `<set>-<ordinal>`, subdomain `serviceName`
 *   (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id).
 */
import { asString, type Resource } from '../../load/resource.js';
import { closest } from '../../util/did-you-mean.js';
import type { DnsReference } from '../calls/callers.js';
import { sameDomain } from './cluster-domain.js';
import type { Model } from '../../model/model.js';
import { WORKLOAD_KINDS } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { headless } from '../headless/headless.js';
import { clusterDomain } from './cluster-domain.js';
import type { Workload } from '../../model/workload.js';

export type NameProblem = 'wrong-domain' | 'unknown-namespace' | 'unknown-service' | 'not-headless' | 'no-such-pod';

export interface NameCheck {
  problem: NameProblem;
  message: string;
  /** a name that would resolve, when one is close */
  suggestion?: string;
  /** false when the input may simply not include what the name needs */
  certain: boolean;
  related: { resource: Resource; path: (string | number)[]; message: string }[];
}

/** Services every cluster has without a manifest in the repository. */
export function builtIn(model: Model, namespace: string, service: string): boolean {
  return (namespace === 'default' && service === 'kubernetes') || (namespace === model.settings.dnsNamespace && service === 'kube-dns');
}

function rebuild(ref: DnsReference, change: { pod?: string; service?: string; domain?: string }): string {
  const pod = change.pod ?? ref.parts.pod;
  const service = change.service ?? ref.parts.service;
  const labels = [...(pod ? [pod] : []), service];
  if (ref.parts.namespace !== undefined || ref.parts.domain !== undefined) labels.push(ref.namespace);
  if (ref.parts.domain !== undefined) {
    labels.push('svc');
    const domain = change.domain ?? ref.parts.domain;
    if (domain) labels.push(domain);
  }
  return labels.join('.');
}

/** Hostnames the input gives pods under a headless Service: StatefulSet ordinals and explicit hostname+subdomain. */
export function podHostnames(model: Model, service: Resource): { hostnames: string[]; owners: Workload[] } {
  const hostnames: string[] = [];
  const owners: Workload[] = [];
  for (const w of model.workloadsIn(service.namespace)) {
    if (w.kind === 'StatefulSet' && w.resource.spec.serviceName === service.name) {
      owners.push(w);
      const replicas = w.replicas ?? 1;
      for (let i = 0; i < replicas; i++) hostnames.push(`${w.name}-${i}`);
    } else if (asString(w.podSpec.subdomain) === service.name && asString(w.podSpec.hostname)) {
      owners.push(w);
      hostnames.push(w.podSpec.hostname as string);
    }
  }
  return { hostnames, owners };
}

function checkName(model: Model, domain: string, isHeadless: (s: Resource) => boolean, ref: DnsReference): NameCheck | undefined {
  if (ref.parts.domain && !sameDomain(ref.parts.domain, domain)) {
    return {
      problem: 'wrong-domain',
      message: `uses the domain "${ref.parts.domain}" but the cluster domain is "${domain}"`,
      suggestion: rebuild(ref, { domain }),
      certain: true,
      related: [],
    };
  }
  const service = ref.service;
  if (!service && ref.renamed) {
    const renamed = ref.renamed;
    return {
      problem: 'unknown-service',
      message: `names Service "${ref.parts.service}" in namespace ${ref.namespace}, which Kustomize renamed to ${renamed.name} (namePrefix or nameSuffix); Kustomize does not rewrite names inside env values, args or ConfigMaps`,
      suggestion: rebuild(ref, { service: renamed.name }),
      certain: true,
      related: [{ resource: renamed, path: ['metadata', 'name'], message: `Service ${renamed.namespace}/${renamed.name} is written as "${ref.parts.service}"` }],
    };
  }
  if (!service) {
    if (builtIn(model, ref.namespace, ref.parts.service)) return undefined;
    const inNamespace = model.ofKind('Service').filter((s) => s.namespace === ref.namespace);
    const namespaceKnown = model.namespace(ref.namespace).known || inNamespace.length > 0 || model.workloadsIn(ref.namespace).length > 0;
    if (!namespaceKnown) {
      return { problem: 'unknown-namespace', message: `names namespace "${ref.namespace}", which is not in the input`, certain: false, related: [] };
    }
    const near = closest(ref.parts.service, inNamespace.map((s) => s.name));
    const nearService = near ? inNamespace.find((s) => s.name === near) : undefined;
    return {
      problem: 'unknown-service',
      message: `names Service "${ref.parts.service}" in namespace ${ref.namespace}, which the input does not define`,
      suggestion: near ? rebuild(ref, { service: near }) : undefined,
      // A near miss is a typo; a Service with no near name may come from another repository or an operator.
      certain: near !== undefined,
      related: nearService ? [{ resource: nearService, path: ['metadata', 'name'], message: `Service ${nearService.namespace}/${nearService.name} exists` }] : [],
    };
  }
  const pod = ref.parts.pod;
  if (!pod) return undefined;
  if (!isHeadless(service)) {
    return {
      problem: 'not-headless',
      message: `is a per-pod name, but Service ${service.namespace}/${service.name} is not headless, so no per-pod records exist`,
      certain: true,
      related: [{ resource: service, path: ['spec', 'clusterIP'], message: `Service ${service.namespace}/${service.name} has a cluster IP` }],
    };
  }
  const { hostnames, owners } = podHostnames(model, service);
  if (hostnames.includes(pod)) return undefined;
  if (owners.length === 0) {
    const selected = model.selectedBy(service);
    return {
      problem: 'no-such-pod',
      message:
        selected.length > 0
          ? `is a per-pod name, but no pod behind Service ${service.namespace}/${service.name} gets hostname "${pod}": ${selected.map((w) => w.display).join(', ')} set no spec.hostname with spec.subdomain: ${service.name} (only StatefulSets do that by themselves)`
          : `is a per-pod name, but the input has no StatefulSet or pod with hostname "${pod}" under Service ${service.namespace}/${service.name}`,
      certain: selected.length > 0,
      related: [],
    };
  }
  const sets = owners.filter((w) => w.kind === 'StatefulSet');
  // An ordinal past the end most likely means the last replica; otherwise the nearest spelling.
  const ordinal = sets.find((w) => pod.startsWith(`${w.name}-`) && /^\d+$/.test(pod.slice(w.name.length + 1)));
  const near = ordinal ? `${ordinal.name}-${Math.max(0, (ordinal.replicas ?? 1) - 1)}` : closest(pod, hostnames);
  const detail = sets.map((w) => `${w.display} has ${w.replicas ?? 1} replica${(w.replicas ?? 1) === 1 ? '' : 's'}`).join(', ');
  return {
    problem: 'no-such-pod',
    message: `is a per-pod name for "${pod}", but no pod under Service ${service.namespace}/${service.name} has that hostname${detail ? ` (${detail}: ${hostnames.join(', ')})` : ''}`,
    suggestion: near ? rebuild(ref, { pod: near }) : undefined,
    certain: true,
    related: sets.map((w) => ({ resource: w.resource, path: ['spec', 'replicas'], message: `${w.display} replicas` })),
  };
}

export interface NameResolution {
  /** why a name a workload uses will not resolve, if it will not */
  check(ref: DnsReference): NameCheck | undefined;
}

export const nameResolution = defineFact({
  id: 'dns.nameResolution',
  description: 'whether each cluster DNS name a workload uses resolves: domain, namespace, Service, per-pod hostname',
  reads: [...WORKLOAD_KINDS, 'Service', 'Namespace'],
  uses: [clusterDomain, headless],
  compute: ({ model, use }): NameResolution => {
    const domain = use(clusterDomain).effective;
    const { isHeadless } = use(headless);
    return { check: (ref) => checkName(model, domain, isHeadless, ref) };
  },
});
