/**
 * Live evidence of a cluster dump: the EndpointSlices (discovery.k8s.io/v1) and Endpoints the
 * endpoint controllers wrote for each Service: which addresses are ready, their ports, and the
 * hostnames that make per-pod DNS names (`<hostname>.<service>.<ns>.svc`). CoreDNS answers
 * those names only for addresses the slices list as ready, unless the Service publishes
 * not-ready addresses (then the controller marks every address ready).
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, type Resource } from '../../load/resource.js';
import { defineFact } from '../define.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface LiveEndpoint {
  address: string;
  /** conditions.ready: absent means ready (the API's reading) */
  ready: boolean;
  hostname?: string;
  /** the Pod the address belongs to (targetRef), when the input holds it */
  pod?: Resource;
  podName?: string;
  /** the slice or Endpoints object, and the path of this endpoint in it */
  source: Resource;
  path: Path;
}

export interface LivePort {
  name?: string;
  port: number;
  protocol: string;
}

export interface ServiceEndpoints {
  service: Resource;
  /** the EndpointSlices and the Endpoints object written for the Service */
  sources: Resource[];
  endpoints: LiveEndpoint[];
  ports: LivePort[];
}

function fromSlice(slice: Resource, findPod: (name: string) => Resource | undefined): { endpoints: LiveEndpoint[]; ports: LivePort[] } {
  const endpoints: LiveEndpoint[] = [];
  asArray(slice.value.endpoints).forEach((raw, i) => {
    const e = asObj(raw);
    if (!e) return;
    const conditions = asObj(e.conditions) ?? {};
    const ref = asObj(e.targetRef);
    const podName = ref && asString(ref.kind) === 'Pod' ? asString(ref.name) : undefined;
    for (const address of asArray(e.addresses)) {
      if (typeof address !== 'string') continue;
      endpoints.push({ address, ready: conditions.ready !== false, hostname: asString(e.hostname), podName, pod: podName ? findPod(podName) : undefined, source: slice, path: ['endpoints', i] });
    }
  });
  const ports = asArray(slice.value.ports).flatMap((raw) => {
    const p = asObj(raw);
    return p && typeof p.port === 'number' ? [{ name: asString(p.name) || undefined, port: p.port, protocol: asString(p.protocol) ?? 'TCP' }] : [];
  });
  return { endpoints, ports };
}

function fromEndpoints(object: Resource, findPod: (name: string) => Resource | undefined): { endpoints: LiveEndpoint[]; ports: LivePort[] } {
  const endpoints: LiveEndpoint[] = [];
  const ports: LivePort[] = [];
  asArray(object.value.subsets).forEach((raw, s) => {
    const subset = asObj(raw);
    if (!subset) return;
    for (const [field, ready] of [['addresses', true], ['notReadyAddresses', false]] as const) {
      asArray(subset[field]).forEach((a, i) => {
        const address = asObj(a);
        const ip = asString(address?.ip);
        if (!address || !ip) return;
        const ref = asObj(address.targetRef);
        const podName = ref && asString(ref.kind) === 'Pod' ? asString(ref.name) : undefined;
        endpoints.push({ address: ip, ready, hostname: asString(address.hostname), podName, pod: podName ? findPod(podName) : undefined, source: object, path: ['subsets', s, field, i] });
      });
    }
    for (const rawPort of asArray(subset.ports)) {
      const p = asObj(rawPort);
      if (p && typeof p.port === 'number') ports.push({ name: asString(p.name) || undefined, port: p.port, protocol: asString(p.protocol) ?? 'TCP' });
    }
  });
  return { endpoints, ports };
}

export interface LiveEndpointsFact {
  /** what the input's EndpointSlices (else its Endpoints) say of a Service; undefined when it holds neither for it */
  of(service: Resource): ServiceEndpoints | undefined;
}

export const liveEndpoints = defineFact({
  id: 'live.endpoints',
  description: 'the EndpointSlices and Endpoints the input holds for each Service: addresses, readiness, hostnames, ports',
  reads: ['EndpointSlice', 'Endpoints', 'Pod'],
  compute: ({ model }): LiveEndpointsFact => {
    const slicesByService = new Map<string, Resource[]>();
    for (const slice of model.ofKind('EndpointSlice')) {
      if (!slice.ref.apiVersion.startsWith('discovery.k8s.io/')) continue;
      const name = slice.labels[SERVICE_NAME_LABEL];
      if (!name) continue;
      const k = `${slice.namespace}/${name}`;
      const list = slicesByService.get(k);
      if (list) list.push(slice);
      else slicesByService.set(k, [slice]);
    }
    const memo = new Map<Resource, ServiceEndpoints | undefined>();
    return {
      of(service) {
        if (memo.has(service)) return memo.get(service);
        const findPod = (name: string) => model.get('Pod', service.namespace, name);
        const slices = slicesByService.get(`${service.namespace}/${service.name}`) ?? [];
        // The EndpointSlices are what kube-proxy and CoreDNS read; the Endpoints object is the older mirror.
        const legacy = slices.length === 0 ? model.get('Endpoints', service.namespace, service.name) : undefined;
        let answer: ServiceEndpoints | undefined;
        if (slices.length > 0 || legacy) {
          const parts = slices.length > 0 ? slices.map((s) => fromSlice(s, findPod)) : [fromEndpoints(legacy as Resource, findPod)];
          const ports: LivePort[] = [];
          for (const p of parts.flatMap((x) => x.ports)) if (!ports.some((q) => q.port === p.port && q.protocol === p.protocol && q.name === p.name)) ports.push(p);
          answer = { service, sources: slices.length > 0 ? slices : [legacy as Resource], endpoints: parts.flatMap((x) => x.endpoints), ports };
        }
        memo.set(service, answer);
        return answer;
      },
    };
  },
});
