import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget, Report } from '../src/engine/types.js';
import { facts } from '../src/facts/index.js';
import { servicePorts, type ServicePort } from '../src/facts/headless/service-ports.js';
import { headlessShape } from '../src/facts/headless/shape.js';
import type { Path } from '../src/load/parser.js';
import type { Resource } from '../src/load/resource.js';

const typeOf = (service: Resource) => (typeof service.spec.type === 'string' ? service.spec.type : 'ClusterIP');
/** headless, ExternalName, or a cluster IP (NodePort and LoadBalancer Services have one too) */
const modeOf = (service: Resource) => (typeOf(service) === 'ExternalName' ? 'ExternalName' : headlessShape(service).headless ? 'headless' : 'cluster IP');
/** the field to point at: the one written, else the Service's name */
const fieldOf = (service: Resource, key: string) => (service.spec[key] !== undefined ? ['spec', key] : ['metadata', 'name']);
/** what gave the port its protocol, as written */
const decidedBy = (p: ServicePort) =>
  p.protocol.from === 'name' ? `name ${p.name}` : p.protocol.from === 'appProtocol' ? `appProtocol ${String(p.entry.appProtocol)}` : p.protocol.from === 'none' ? 'nothing names it (sniffed)' : p.protocol.from;
const portText = (p: ServicePort) => `${p.port}${p.name ? ` (${p.name})` : ''}`;

export default defineRule({
  meta: {
    id: 'multicluster-service-inconsistent',
    cause: 2,
    severity: 'error',
    description: 'A Service of the same namespace and name is headless in one cluster and not in another, or differs in its ports, port names, protocols or type.',
    why:
      "In a multi-cluster mesh Istio treats the Services of one namespace and name in every cluster as one service: one host name, with the endpoints of every cluster. But each istiod builds that service from the definition of the first registry that has it, its own cluster's (pilot/pkg/serviceregistry/aggregate/controller.go GetService and mergeService, which only logs that the ports differ). Where the definitions disagree, the callers of each cluster get a different service. Headless in one cluster and a cluster IP in another: one cluster's proxies load-balance the host over both clusters' pods while the other's pass connections through to the pod addresses their DNS returns, which only the local cluster's pods answer; istiod can pin one resolution and blackhole the port (istio/istio#43972), and a StatefulSet's peers split into per-cluster groups. A port declared in one cluster only has no listener or route for the other cluster's callers. A port whose name differs is worse than it looks: istiod matches endpoints to a service port by the port's name (pilot/pkg/xds/endpoints/endpoint_builder.go), so the other cluster's pods are never chosen for it. A port whose protocol differs (its name prefix or appProtocol) is handled as HTTP by one cluster's proxies and as TCP by the other's. A differing type is reported as information: NodePort and LoadBalancer change exposure outside the mesh, not the mesh's routing; ExternalName makes the host a DNS alias in one cluster, an error.",
    diagnose: [
      'kubectl -n <namespace> get svc <name> -o yaml --context <each cluster>',
      'istioctl proxy-config endpoint <caller pod> --cluster "outbound|<port>||<name>.<namespace>.svc.<domain>" --context <each cluster>',
      'istioctl analyze --all-namespaces (IST0170 MultiClusterInconsistentService, with the remote secrets of the other clusters in place)',
    ],
    fix: 'Give the Service the same definition in every cluster of the mesh: headless (clusterIP: None) everywhere or nowhere, the same ports with the same names, protocols and appProtocol, and the same type. Deploy it from one manifest (one chart or base) rather than per-cluster copies.',
    sources: [
      'https://istio.io/latest/docs/ops/configuration/traffic-management/multicluster/',
      'https://istio.io/latest/docs/ops/deployment/deployment-models/#namespace-sameness',
      'https://github.com/istio/istio/issues/43972',
      'istio/istio pilot/pkg/serviceregistry/aggregate/controller.go (GetService: the first registry that has the host wins; mergeService only merges addresses)',
      'istio/istio pilot/pkg/xds/endpoints/endpoint_builder.go (endpoints are kept for a service port only where ServicePortName equals its name)',
      'istio/istio pkg/config/analysis/analyzers/multicluster/service.go (istioctl analyze IST0170)',
    ],
    messages: {
      headlessDiffers:
        'Service {{service}} is {{mode}} in cluster {{cluster}} but {{otherMode}} in cluster {{other}}: each istiod builds the service from its own cluster, so one cluster\'s callers balance over both clusters\' pods while the other\'s pass through to the pod addresses their DNS returns, and the port can be blackholed (istio/istio#43972).',
      externalNameDiffers:
        'Service {{service}} is {{mode}} in cluster {{cluster}} but {{otherMode}} in cluster {{other}}: one cluster resolves the host as a DNS alias and never reaches the other cluster\'s pods.',
      portOnlyHere:
        'Service {{service}} declares port {{port}} in cluster {{cluster}}, but not in cluster {{other}}: the callers of cluster {{other}} get no listener or route for it.',
      portMissingHere:
        'Service {{service}} declares port {{port}} in cluster {{other}}, but not in cluster {{cluster}}: the callers of cluster {{cluster}} get no listener or route for it.',
      portNameDiffers:
        'Service {{service}} names port {{number}} "{{name}}" in cluster {{cluster}} but "{{otherName}}" in cluster {{other}}: istiod matches endpoints to a port by its name, so the callers of each cluster are never sent to the other cluster\'s pods on this port.',
      protocolDiffers:
        'Service {{service}} gives port {{number}} protocol {{protocol}} in cluster {{cluster}} but {{otherProtocol}} in cluster {{other}} ({{how}}): the proxies of each cluster handle the port differently, and a cross-cluster connection meets a filter chain its client did not expect.',
      typeDiffers:
        'Service {{service}} is type {{type}} in cluster {{cluster}} but {{otherType}} in cluster {{other}}: the mesh routes it alike, but it is exposed outside the mesh differently in the two clusters.',
    },
    fixes: {
      sameMode: 'Make {{service}} {{otherMode}} in cluster {{cluster}} as in cluster {{other}} (or change cluster {{other}}), so every cluster declares it alike.',
      samePorts: 'Declare the same ports in every cluster: add port {{port}} where it is missing, or remove it from every cluster.',
      sameName: 'Name port {{number}} alike in every cluster ("{{otherName}}", as cluster {{other}} does, or rename it there too).',
    },
    uses: [facts.serviceCounterparts],
    requires: ['Service'],
  },
  check({ model, use, report }) {
    const counterparts = use(facts.serviceCounterparts);
    const cluster = model.fleet?.cluster ?? '';
    for (const [service, { cluster: other, service: theirs }] of counterparts) {
      const data = { service: `${service.namespace}/${service.name}`, cluster, other };
      const related = (message: string, path: Path): RelatedTarget[] => [{ resource: theirs, path, message: `${message} in cluster ${other}` }];
      const [mode, otherMode] = [modeOf(service), modeOf(theirs)];
      if (mode !== otherMode) {
        const externalName = mode === 'ExternalName' || otherMode === 'ExternalName';
        const key = externalName ? 'type' : 'clusterIP';
        report({
          resource: service,
          path: fieldOf(service, key),
          messageId: externalName ? 'externalNameDiffers' : 'headlessDiffers',
          data: { ...data, mode, otherMode },
          fixId: 'sameMode',
          related: related(`${theirs.display} is ${otherMode}`, fieldOf(theirs, key)),
        });
        // Ports of a Service that is an alias in one cluster compare nothing that matters.
        if (externalName) continue;
      } else if (typeOf(service) !== typeOf(theirs) && mode !== 'ExternalName') {
        report({
          resource: service,
          path: fieldOf(service, 'type'),
          messageId: 'typeDiffers',
          severity: 'info',
          data: { ...data, type: typeOf(service), otherType: typeOf(theirs) },
          related: related(`${theirs.display} is type ${typeOf(theirs)}`, fieldOf(theirs, 'type')),
        });
      }
      comparePorts(service, theirs, data, related, report);
    }
  },
});

function comparePorts(
  service: Resource,
  theirService: Resource,
  data: { service: string; cluster: string; other: string },
  related: (message: string, path: Path) => RelatedTarget[],
  report: (r: Report) => void,
): void {
  const [ours, theirs] = [servicePorts(service), servicePorts(theirService)];
  const byNumber = (list: ServicePort[]) => new Map(list.map((p) => [`${p.port}/${p.transport}`, p]));
  const [mine, other] = [byNumber(ours), byNumber(theirs)];
  for (const [key, port] of mine) {
    const counterpart = other.get(key);
    if (!counterpart) {
      report({ resource: port.service, path: port.path, messageId: 'portOnlyHere', severity: 'warning', data: { ...data, port: portText(port) }, fixId: 'samePorts', related: related(`${theirService.display} declares ${theirs.map(portText).join(', ') || 'no port'}`, ['spec', 'ports']) });
      continue;
    }
    const numbers = { ...data, number: port.port };
    if (port.protocol.protocol !== counterpart.protocol.protocol) {
      const how = `${decidedBy(port)} here, ${decidedBy(counterpart)} there`;
      report({
        resource: port.service,
        path: [...port.path, ...(port.protocol.path.length > 0 ? port.protocol.path : [])],
        messageId: 'protocolDiffers',
        severity: 'warning',
        data: { ...numbers, protocol: port.protocol.protocol, otherProtocol: counterpart.protocol.protocol, how },
        related: related(`port ${portText(counterpart)} is ${counterpart.protocol.protocol}`, counterpart.path),
      });
    } else if ((port.name ?? '') !== (counterpart.name ?? '')) {
      report({
        resource: port.service,
        path: [...port.path, ...(port.name !== undefined ? ['name'] : [])],
        messageId: 'portNameDiffers',
        severity: 'warning',
        data: { ...numbers, name: port.name ?? '', otherName: counterpart.name ?? '' },
        fixId: 'sameName',
        related: related(`port ${counterpart.port} is named "${counterpart.name ?? ''}"`, counterpart.path),
      });
    }
  }
  for (const [key, port] of other) {
    if (mine.has(key)) continue;
    report({ resource: service, path: ['spec', 'ports'], messageId: 'portMissingHere', severity: 'warning', data: { ...data, port: portText(port) }, fixId: 'samePorts', related: related(`${port.service.display} declares port ${portText(port)}`, port.path) });
  }
}
