import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { isIstioGateway, PROXY_CONTAINER } from '../src/facts/injection/gateways.js';
import { servicePorts } from '../src/facts/headless/service-ports.js';
import type { Workload } from '../src/model/workload.js';

/** Ports the sidecar and its agent bind or capture (istio.io "Ports used by Istio"). */
export const RESERVED_PORTS: Record<number, string> = {
  15000: 'Envoy admin',
  15001: 'Envoy outbound capture',
  15004: 'debug',
  15006: 'Envoy inbound capture',
  15008: 'HBONE mTLS tunnel',
  15020: 'merged Prometheus telemetry',
  15021: 'health checks',
  15053: 'DNS proxy',
  15090: 'Envoy Prometheus telemetry',
};

export default defineRule({
  meta: {
    id: 'istio-reserved-port',
    cause: 'beyond',
    severity: 'error',
    description: 'An injected workload, or a Service selecting one, uses a port the Istio sidecar reserves.',
    why:
      'The sidecar and its agent listen on 15000-15090 inside every injected pod, and iptables sends captured traffic to 15001 and 15006. An application port among them either fails to bind (the port is taken) or never receives its traffic, which the proxy swallows; a Service exposing one sends callers into the proxy instead of the application.',
    diagnose: ['kubectl get pod <pod> -n <ns> -o jsonpath="{.spec.containers[*].ports}"', 'istioctl proxy-config listener <pod>.<ns> --port <port>'],
    fix: 'Move the application (and its Service port and targetPort) to a port outside 15000-15090.',
    sources: ['https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio'],
    messages: {
      containerPortReserved:
        'Container {{container}} of {{workload}} uses port {{port}}, which the Istio sidecar reserves ({{reservedFor}}); the pod is injected ({{reason}}), so the application cannot bind it or never receives its traffic.',
      servicePortReserved: '{{service}} uses {{field}} {{port}}, which the Istio sidecar of the pods it selects ({{selected}}) reserves ({{reservedFor}}): callers reach the proxy, not the application.',
    },
    fixes: {
      moveContainerPort: 'Move the application to a port outside 15000-15090.',
      moveServicePort: 'Use a {{field}} outside 15000-15090.',
    },
    // What the sidecar uses the port for and why the pod is injected describe the finding; the first of the
    // selected workloads is an example (another one may come first). The resource, field and port identify it.
    volatileData: ['reservedFor', 'reason', 'selected'],
    uses: [facts.injection],
    requires: [WORKLOAD_KINDS],
    reads: ['Service'],
  },
  check({ model, use, report }) {
    const injected = (w: Workload) => use(facts.injection).of(w).injected === true && !isIstioGateway(w);
    for (const workload of model.workloads) {
      if (!injected(workload)) continue;
      for (const port of workload.ports()) {
        const reserved = RESERVED_PORTS[port.containerPort];
        if (!reserved || port.container.name === PROXY_CONTAINER) continue;
        report({
          resource: workload.resource,
          path: [...port.path, 'containerPort'],
          messageId: 'containerPortReserved',
          data: { container: port.container.name, workload: workload.display, port: port.containerPort, reservedFor: reserved, reason: use(facts.injection).of(workload).reason },
          fixId: 'moveContainerPort',
        });
      }
    }
    for (const service of model.services) {
      const selected = model.selectedBy(service).filter(injected);
      if (selected.length === 0) continue;
      for (const port of servicePorts(service)) {
        const fields: ['port' | 'targetPort', number][] = [['port', port.port]];
        if (typeof port.targetPort === 'number' && port.targetPort !== port.port) fields.push(['targetPort', port.targetPort]);
        for (const [field, number] of fields) {
          const reserved = RESERVED_PORTS[number];
          if (!reserved) continue;
          report({
            resource: service,
            path: [...port.path, field],
            messageId: 'servicePortReserved',
            data: { service: service.display, field, port: number, selected: (selected[0] as Workload).display, reservedFor: reserved },
            fixId: 'moveServicePort',
          });
        }
      }
    }
  },
});
