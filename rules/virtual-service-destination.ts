import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { servicePorts } from '../src/facts/headless/service-ports.js';
import { resolveRuleHost } from '../src/facts/transport/destination-rules.js';
import { asArray, asObj, asString, type Resource } from '../src/load/resource.js';
import type { Model } from '../src/model/model.js';
import { closest } from '../src/util/did-you-mean.js';
import { serviceVisibleFrom } from '../src/facts/mesh/export-to.js';

/** `name.namespace` of a cluster host (`name.namespace.svc.<domain>`), else undefined. */
function serviceOfHost(host: string, domain: string): { name: string; namespace: string } | undefined {
  const suffix = `.svc.${domain}`;
  if (!host.endsWith(suffix)) return undefined;
  const parts = host.slice(0, -suffix.length).split('.');
  return parts.length === 2 && parts[0] && parts[1] ? { name: parts[0], namespace: parts[1] } : undefined;
}

function hostMatches(pattern: unknown, host: string): boolean {
  return typeof pattern === 'string' && (pattern === host || pattern === '*' || (pattern.startsWith('*.') && host.endsWith(pattern.slice(1))));
}

/** exportTo of a ServiceEntry as istiod reads it: absent is every namespace, "." its own. */
function visibleFrom(se: Resource, namespace: string): boolean {
  const exportTo = asArray(se.spec.exportTo).filter((e): e is string => typeof e === 'string');
  if (exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && se.namespace === namespace));
}

/** The ServiceEntries that name the host: those the VirtualService's namespace sees, and the others. */
function serviceEntriesFor(model: Model, host: string, namespace: string): { visible: Resource[]; hidden: Resource[] } {
  const naming = model.ofKind('ServiceEntry').filter((se) => asArray(se.spec.hosts).some((h) => hostMatches(h, host)));
  const exact = (se: Resource) => (asArray(se.spec.hosts).includes(host) ? 0 : 1);
  return { visible: naming.filter((se) => visibleFrom(se, namespace)), hidden: naming.filter((se) => !visibleFrom(se, namespace)).sort((a, b) => exact(a) - exact(b)) };
}

export default defineRule({
  meta: {
    id: 'virtual-service-destination',
    cause: 4,
    severity: 'error',
    description: 'A VirtualService routes to a cluster host that does not exist, to a port its Service does not declare, or without a port to a Service with several.',
    why:
      'istiod builds a route to the Envoy cluster of the destination host and port. A host with no Service or ServiceEntry has no cluster: requests get 503 with NR or NC ("no healthy upstream") and TCP connections are closed. A short name resolves in the VirtualService\'s namespace; a name with a dot is taken as written, so "db.data" or a wrong cluster domain never matches a Service. A port the Service does not declare names no cluster either. Without a port, istiod uses the port of the listener the request came in on: routing to a Service with several ports works only where every listener port of the route exists on the destination, which the input cannot show for a VirtualService bound to other hosts (a gateway on 80 routing to a headless Service on 8080 and 9090 sends to port 80, which has no cluster). A host in a namespace the input does not show is left alone, and so is a missing Service whose name is no near miss of one the namespace has: it may be installed apart (istiod beside an application\'s Services).',
    diagnose: [
      'istioctl analyze -n <ns>',
      'istioctl proxy-config route <pod>.<ns> -o json',
      'istioctl proxy-config cluster <pod>.<ns> --fqdn <host>',
    ],
    fix: 'Name an existing Service (its short name, or name.namespace.svc.<cluster domain>) or a ServiceEntry host, a port the Service declares, and a port wherever the destination has several.',
    sources: [
      'https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination',
      'istio/istio pilot/pkg/networking/core/route/route.go GetDestinationCluster (without a port, the listener port is used)',
      'istio/istio pilot/pkg/model/config.go ResolveShortnameToFQDN (a name with a dot is used as written)',
      'istio/istio pkg/config/analysis/analyzers/virtualservice/destinationhosts.go (istioctl analyze IST0101 ReferencedResourceNotFound, IST0112 VirtualServiceDestinationPortSelectorRequired)',
    ],
    messages: {
      unknownHost: '{{virtualService}} routes to {{host}}, but namespace {{namespace}} has no Service {{name}} and no ServiceEntry names the host{{suggestion}}: the route has no cluster, so requests get 503 and connections are closed.',
      portNotDeclared: '{{virtualService}} routes to {{host}} port {{port}}, which {{service}} does not declare (it declares {{declared}}): the route has no cluster for that port.',
      destinationMissing: '{{virtualService}} has a route without a destination host at {{where}}: the API server rejects the VirtualService ("destination is required"), so none of its routes apply.',
      serviceEntryHidden: '{{virtualService}} routes to {{host}}, which only {{serviceEntry}} names, and its exportTo leaves out namespace {{namespace}}: istiod gives the route no cluster there.',
      serviceNotExported: '{{virtualService}} routes to {{host}}, but {{service}} is not exported to namespace {{namespace}}, where the route is built: istiod gives the route no cluster there.',
      portMissing: '{{virtualService}} routes to {{host}} without a port, and {{service}} declares {{declared}}: istiod uses the port each request arrived on, and a listener port the Service lacks has no cluster.',
    },
    fixes: {
      nameService: 'Route to an existing Service or ServiceEntry host{{suggestion}}.',
      declaredPort: 'Use one of the ports {{service}} declares ({{declared}}).',
      nameDestination: 'Give the route a destination with a host, or remove the empty entry.',
      exportServiceEntry: 'Export {{serviceEntry}} to namespace {{namespace}} (exportTo), or define the entry there.',
      exportService: 'Export {{service}} to namespace {{namespace}} (annotation networking.istio.io/exportTo), or route from a namespace it is exported to.',
      givePort: 'Set destination.port.number to the port meant ({{declared}}).',
    },
    volatileData: ['suggestion', 'declared'],
    uses: [facts.virtualServiceDestinations, facts.clusterDomain, facts.meshConfigs],
    reads: ['Service', 'ServiceEntry'],
    requires: ['VirtualService'],
    trace: { hops: ['istiod'] },
  },
  check({ model, use, report }) {
    const domain = use(facts.clusterDomain).effective;
    const defaultExportTo = use(facts.meshConfigs).main?.defaultServiceExportTo ?? ['*'];
    for (const vs of model.ofKind('VirtualService')) {
      for (const kind of ['http', 'tcp', 'tls']) {
        asArray(vs.spec[kind]).forEach((route, i) => {
          asArray(asObj(route)?.route).forEach((r, j) => {
            if (asString(asObj(asObj(r)?.destination)?.host)) return;
            const path = ['spec', kind, i, 'route', j];
            report({ resource: vs, path, messageId: 'destinationMissing', data: { virtualService: vs.display, where: path.join('.') }, fixId: 'nameDestination' });
          });
        });
      }
    }
    for (const d of use(facts.virtualServiceDestinations)) {
      const target = serviceOfHost(d.host, domain);
      const data = { virtualService: d.virtualService.display, host: d.host };
      const entries = serviceEntriesFor(model, d.host, d.virtualService.namespace ?? 'default');
      if (!target) {
        // An external host is judged only when the input names it in ServiceEntries none of which the VirtualService sees.
        const hidden = entries.hidden[0];
        if (entries.visible.length === 0 && hidden) {
          report({ resource: d.virtualService, path: [...d.path, 'host'], messageId: 'serviceEntryHidden', data: { ...data, serviceEntry: hidden.display, namespace: d.virtualService.namespace ?? 'default' }, fixId: 'exportServiceEntry', related: [{ resource: hidden, path: ['spec', 'exportTo'], message: `${hidden.display} is exported to ${asArray(hidden.spec.exportTo).join(', ')}` }] });
        }
        continue;
      }
      const service = model.get('Service', target.namespace, target.name);
      if (!service) {
        const inNamespace = model.services.filter((s) => s.namespace === target.namespace);
        // A namespace the input does not show may hold the Service: only judge what the input covers.
        if (inNamespace.length === 0 || entries.visible.length > 0) continue;
        // A Service of another name may be installed apart (istiod beside a chart's Services): only a near miss is surely a mistake.
        const near = closest(target.name, inNamespace.map((s) => s.name));
        if (!near) continue;
        const suggestion = ` (did you mean ${near}?)`;
        report({ resource: d.virtualService, path: [...d.path, 'host'], messageId: 'unknownHost', data: { ...data, ...target, suggestion }, fixId: 'nameService' });
        continue;
      }
      // The route is built in each namespace the VirtualService is exported to (its own by default).
      const own = d.virtualService.namespace ?? 'default';
      const where = asArray(d.virtualService.spec.exportTo).filter((e): e is string => typeof e === 'string' && e !== '*').map((e) => (e === '.' ? own : e));
      const hiddenFrom = (where.length > 0 ? where : [own]).filter((ns) => !serviceVisibleFrom(service, ns, defaultExportTo));
      if (hiddenFrom.length > 0) {
        report({ resource: d.virtualService, path: [...d.path, 'host'], messageId: 'serviceNotExported', data: { ...data, service: service.display, namespace: hiddenFrom.join(', ') }, fixId: 'exportService', related: [{ resource: service, path: ['metadata'], message: `${service.display}'s exportTo leaves out ${hiddenFrom.join(', ')}` }] });
        continue;
      }
      const ports = servicePorts(service).map((p) => p.port);
      const declared = ports.join(', ');
      if (d.port !== undefined) {
        if (!ports.includes(d.port)) report({ resource: d.virtualService, path: [...d.path, 'port', 'number'], messageId: 'portNotDeclared', data: { ...data, port: d.port, service: service.display, declared }, fixId: 'declaredPort', related: [{ resource: service, path: ['spec', 'ports'], message: `${service.display} declares ${declared}` }] });
        continue;
      }
      if (ports.length < 2 || routesOwnHost(d.virtualService, service, domain)) continue;
      report({ resource: d.virtualService, path: d.path, severity: 'warning', messageId: 'portMissing', data: { ...data, service: service.display, declared }, fixId: 'givePort', related: [{ resource: service, path: ['spec', 'ports'], message: `${service.display} declares ${declared}` }] });
    }
  },
});

/** A VirtualService for the Service's own host keeps each request on the port it came in on, which the Service has. */
function routesOwnHost(vs: Resource, service: Resource, domain: string): boolean {
  const own = `${service.name}.${service.namespace}.svc.${domain}`;
  return asArray(vs.spec.hosts).some((h) => typeof h === 'string' && resolveRuleHost(h, vs.namespace ?? asString(vs.metadata.namespace) ?? 'default', domain) === own) && asArray(vs.spec.gateways).length === 0;
}
