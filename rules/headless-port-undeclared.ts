import { facts } from '../src/facts/index.js';
import type { Analysis } from '../src/facts/store.js';
import { declarePortRepair } from '../src/fix/repairs.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget, Severity } from '../src/engine/types.js';
import { flowTarget, type HeadlessFlow } from '../src/facts/headless/flows.js';
import { describeMtls, type MtlsDecision } from '../src/facts/transport/mtls.js';
import { containerPortOf, servicePorts } from '../src/facts/headless/service-ports.js';
import type { Workload } from '../src/model/workload.js';
import type { Resource } from '../src/load/resource.js';

// Container ports scraped by monitoring rather than called by peers.
const MONITORING_PORT = /metric|prom|exporter|stats|jmx/i;

const NO_PORTS = '{{service}} is headless but declares no ports: Istio builds no per-pod listener for it, so all traffic to its pods is passthrough, without mTLS';
const UNDECLARED = ', which {{service}} does not declare (it declares {{declared}}): that traffic matches no listener and is passthrough, without mTLS';
const RESET = ', while {{server}} is {{mtls}}: the connections are reset.';

export default defineRule({
  meta: {
    id: 'headless-port-undeclared',
    cause: 'beyond',
    severity: 'error',
    description: 'Callers or replicas use a port the headless Service does not declare (or it declares none): that traffic is passthrough, without mTLS.',
    why:
      'For a headless Service, client sidecars build one listener per pod IP, only on the ports the Service declares. A connection to any other port matches no listener and leaves as passthrough: no mTLS, no metrics, no policy on the client side. When the server pods are STRICT on that port, the server sidecar resets it (error); otherwise a caller that names the port works but outside the mesh (warning). StatefulSet replicas that replicate on a port missing from their governing Service hit the same wall under STRICT (for a system the catalogue of clustered systems knows, only the ports its replicas dial each other on count; for others, every container port that is not monitoring); without STRICT their passthrough traffic works, which is worth knowing but is no defect (info). Another headless Service that selects the same pods and declares the port gives them per-pod listeners on it: that port is covered. The missing listeners are the client sidecars\': traffic from a caller without a sidecar is the same either way, and is not reported.',
    diagnose: [
      'kubectl get svc <svc> -n <ns> -o jsonpath="{.spec.ports}"',
      'istioctl proxy-config listener <client-pod>.<ns> --port <port>',
      'istioctl x describe pod <server-pod> -n <ns>',
    ],
    fix: 'Declare every port callers and replicas use in the headless Service\'s spec.ports, with a protocol prefix in its name (tcp-..., http-...).',
    sources: [
      'https://istio.io/latest/docs/ops/configuration/traffic-management/traffic-routing/#headless-services',
      'https://istio.io/latest/docs/ops/configuration/traffic-management/traffic-routing/#unmatched-traffic',
      'istio/istio pilot/pkg/networking/core/listener.go (per-endpoint listeners for headless Services on Service ports)',
      'https://github.com/istio/istio/issues/27831',
    ],
    messages: {
      noPorts: `${NO_PORTS}.`,
      noPortsReset: `${NO_PORTS}, and {{server}} is {{mtls}}: every connection is reset.`,
      undeclaredCallPort: `{{caller}} calls {{name}} on port {{port}}${UNDECLARED}.`,
      undeclaredCallPortReset: `{{caller}} calls {{name}} on port {{port}}${UNDECLARED}${RESET}`,
      undeclaredPeerPort: `The replicas of {{caller}} listen on container port {{port}}${UNDECLARED}.`,
      undeclaredPeerPortReset: `The replicas of {{caller}} listen on container port {{port}}${UNDECLARED}${RESET}`,
    },
    fixes: {
      declarePorts: 'List the ports clients and replicas use under spec.ports.',
      declarePort: 'Add port {{port}} to {{service}} spec.ports (named tcp-... or http-...).',
    },
    fixable: {
      fix: 'The port is appended to spec.ports named tcp-<port> (the traffic is TCP to Istio until someone says otherwise), with targetPort the same number; the ports already there, the selector and the cluster IP are untouched. Offered only when every existing port is named, as Kubernetes requires of a Service with several.',
    },
    // The Service, the caller, the name it calls and the port identify a finding; the ports the
    // Service does declare and which STRICT server resets the traffic, in what words, describe it.
    volatileData: ['declared', 'server', 'mtls'],
    uses: [facts.headless, facts.headlessFlows, facts.headlessUses, facts.injection, facts.mtls, facts.systems, facts.peerTraffic],
    requires: ['Service'],
    trace: { hops: ['service'] },
  },
  check({ model, use, report }) {
    const strictOn = (servers: Workload[], port: number | undefined): { server: Workload; mode: MtlsDecision } | undefined => {
      for (const server of servers) {
        const mode = use(facts.mtls).modeOf(server, port);
        if (mode.mode === 'STRICT') return { server, mode };
      }
      return undefined;
    };
    for (const service of model.services) {
      if (!use(facts.headless).isHeadless(service)) continue;
      const servers = model.selectedBy(service).filter((w) => use(facts.injection).of(w).injected === true);
      const declared = servicePorts(service);
      // The listeners that are missing are the client sidecars': a caller without one sends the same bytes either way.
      const flows = use(facts.headlessFlows).of(service).filter((f) => use(facts.injection).of(f.caller).injected !== false);
      if (declared.length === 0) {
        if (model.selectedBy(service).length === 0 && use(facts.headlessUses).of(service).length === 0) continue;
        if (servers.length === 0 && flows.length === 0) continue;
        const strict = strictOn(servers, undefined);
        report({
          resource: service,
          path: ['spec', 'ports'],
          severity: strict ? 'error' : 'warning',
          messageId: strict ? 'noPortsReset' : 'noPorts',
          data: { service: service.display, ...strictData(strict) },
          fixId: 'declarePorts',
          related: strict?.mode.decidedBy ? [{ ...strict.mode.decidedBy, message: `mTLS ${describeMtls(strict.mode)}` }] : [],
        });
        continue;
      }
      const list = declared.map((p) => p.port).join(', ');
      const reported = new Set<string>();
      for (const flow of flows) {
        if (flow.servicePort || notReplication({ model, use }, flow) || coveredByAnotherHeadless({ model, use }, service, flow.port)) continue;
        const key = `${flow.resource.file}\u0000${flow.path.join('.')}\u0000${flow.port}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const strict = strictOn(servers, flow.port);
        const replicas = flow.kind === 'peer' && !flow.reference;
        const severity: Severity = strict ? 'error' : replicas ? 'info' : 'warning';
        const related: RelatedTarget[] = [{ resource: service, path: ['spec', 'ports'], message: `${service.display} declares ${list}` }];
        if (strict?.mode.decidedBy) related.push({ ...strict.mode.decidedBy, message: `mTLS ${describeMtls(strict.mode)}` });
        report({
          ...flowTarget(flow),
          severity,
          messageId: replicas ? (strict ? 'undeclaredPeerPortReset' : 'undeclaredPeerPort') : strict ? 'undeclaredCallPortReset' : 'undeclaredCallPort',
          data: { service: service.display, caller: flow.caller.display, name: flow.reference?.name ?? service.name, port: flow.port, declared: list, ...strictData(strict) },
          fixId: 'declarePort',
          ...declarePortRepair(service, flow.port),
          related,
        });
      }
    }
  },
});

/** The STRICT server that resets the traffic, for the messages that say so. */
function strictData(strict: { server: Workload; mode: MtlsDecision } | undefined): Record<string, string> {
  return strict ? { server: strict.server.display, mtls: describeMtls(strict.mode) } : {};
}

/** Another headless Service selecting every pod of this one declares the port: the sidecars have per-pod listeners for it. */
function coveredByAnotherHeadless({ model, use }: Analysis, service: Resource, port: number): boolean {
  const pods = model.selectedBy(service);
  if (pods.length === 0) return false;
  return model.services.some(
    (other) =>
      other !== service &&
      other.namespace === service.namespace &&
      use(facts.headless).isHeadless(other) &&
      pods.every((w) => model.selectedBy(other).includes(w)) &&
      servicePorts(other).some((p) => p.port === port),
  );
}

/**
 * Container ports that are not peer traffic: for a system the catalogue knows, every port but the
 * ones its replicas dial each other on; otherwise monitoring, Istio's own, or client ports another
 * Service of the same pods declares.
 */
function notReplication({ model, use }: Analysis, flow: HeadlessFlow): boolean {
  if (flow.reference) return false;
  if (use(facts.systems).of(flow.caller)) return !use(facts.peerTraffic).of(flow.caller).some((p) => p.port === flow.port);
  if (model.servicesOf(flow.caller).some((s) => s !== flow.service && servicePorts(s).some((p) => containerPortOf(p, flow.caller) === flow.port))) return true;
  const name = flow.caller.ports().find((p) => p.containerPort === flow.port)?.name ?? '';
  return MONITORING_PORT.test(name) || (flow.port >= 15000 && flow.port <= 15099);
}
