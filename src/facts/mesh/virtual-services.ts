/**
 * Every destination a VirtualService sends to: `route[].destination` of its http, tcp and tls
 * routes, and the http `mirror` and `mirrors[].destination`
 * (https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination), with
 * the host as istiod resolves it: a short name in the VirtualService's namespace, a name with a
 * dot as written (model.ResolveShortnameToFQDN).
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, type Resource } from '../../load/resource.js';
import { clusterDomain } from '../dns/cluster-domain.js';
import { defineFact } from '../define.js';
import { resolveRuleHost } from '../transport/destination-rules.js';

export interface VirtualServiceDestination {
  virtualService: Resource;
  /** the host as written */
  written: string;
  /** the host resolved as istiod does */
  host: string;
  subset?: string;
  /** port.number when given */
  port?: number;
  /** the path of the `destination` (or `mirror`) object */
  path: Path;
  mirror: boolean;
}

function destinationAt(vs: Resource, raw: unknown, path: Path, mirror: boolean, domain: string): VirtualServiceDestination | undefined {
  const dest = asObj(raw);
  const written = asString(dest?.host);
  if (!dest || !written) return undefined;
  const number = asObj(dest.port)?.number;
  return {
    virtualService: vs,
    written,
    host: resolveRuleHost(written, vs.namespace!, domain),
    subset: asString(dest.subset) || undefined,
    port: typeof number === 'number' ? number : undefined,
    path,
    mirror,
  };
}

export function destinationsOf(vs: Resource, domain: string): VirtualServiceDestination[] {
  const out: VirtualServiceDestination[] = [];
  const add = (d: VirtualServiceDestination | undefined) => d && out.push(d);
  for (const kind of ['http', 'tcp', 'tls']) {
    asArray(vs.spec[kind]).forEach((raw, i) => {
      const route = asObj(raw);
      if (!route) return;
      const base: Path = ['spec', kind, i];
      asArray(route.route).forEach((r, j) => add(destinationAt(vs, asObj(r)?.destination, [...base, 'route', j, 'destination'], false, domain)));
      if (kind !== 'http') return;
      add(destinationAt(vs, route.mirror, [...base, 'mirror'], true, domain));
      asArray(route.mirrors).forEach((m, j) => add(destinationAt(vs, asObj(m)?.destination, [...base, 'mirrors', j, 'destination'], true, domain)));
    });
  }
  return out;
}

export const virtualServiceDestinations = defineFact({
  id: 'mesh.virtualServiceDestinations',
  description: 'the destinations (routes and mirrors) of every VirtualService, hosts resolved as istiod does',
  reads: ['VirtualService'],
  uses: [clusterDomain],
  compute: ({ model, use }): VirtualServiceDestination[] => {
    const domain = use(clusterDomain).effective;
    return model
      .ofKind('VirtualService')
      .filter((vs) => vs.ref.apiVersion.startsWith('networking.istio.io/'))
      .flatMap((vs) => destinationsOf(vs, domain));
  },
});
