import { facts } from '../src/facts/index.js';
import type { Analysis } from '../src/facts/store.js';
import { declarePortRepair } from '../src/fix/repairs.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget, RuleContext, Severity } from '../src/engine/types.js';
import { flowTarget, type HeadlessFlow } from '../src/facts/headless/flows.js';
import { describeMtls, type MtlsDecision } from '../src/facts/transport/mtls.js';
import { containerPortOf, servicePorts } from '../src/facts/headless/service-ports.js';
import type { Workload } from '../src/model/workload.js';
import type { Resource } from '../src/load/resource.js';
import { inboundExclusion } from '../src/facts/transport/inbound-capture.js';
import type { PeerPortGap } from '../src/facts/headless/peer-port-gaps.js';

// Container ports scraped by monitoring rather than called by peers.
const MONITORING_PORT = /metric|prom|exporter|stats|jmx/i;

const NO_PORTS = '{{service}} is headless but declares no ports: Istio builds no per-pod listener for it, so all traffic to its pods is passthrough, without mTLS';
const UNDECLARED = ', which {{service}} does not declare (it declares {{declared}}): that traffic matches no listener and is passthrough, without mTLS';
const RESET = ', while {{server}} is {{mtls}}: the connections are reset.';
const PEERS = 'The replicas of {{caller}} dial each other on port {{port}} ({{system}} {{portName}}, {{evidence}})';
const POD_IP_PEERS = "The replicas of {{caller}} dial each other's pod IPs on port {{port}} ({{system}} {{portName}}, {{evidence}})";
const CLUSTER_IP = '; {{service}} declares it but has a cluster IP, and sidecars listen on a ClusterIP Service\'s port at its cluster IP only: traffic to a pod IP on it matches no listener and is passthrough, without mTLS';
const NO_HEADLESS = ', which no headless Service selecting them declares: sidecars build per-pod listeners only on the ports of headless Services, so that traffic matches no listener and is passthrough, without mTLS';

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
      undeclaredPeerTraffic: `${PEERS}${UNDECLARED}.`,
      undeclaredPeerTrafficReset: `${PEERS}${UNDECLARED}${RESET}`,
      podIpPeersClusterIp: `${POD_IP_PEERS}${CLUSTER_IP}.`,
      podIpPeersClusterIpReset: `${POD_IP_PEERS}${CLUSTER_IP}${RESET}`,
      podIpPeersNoService: `${POD_IP_PEERS}${NO_HEADLESS}.`,
      podIpPeersNoServiceReset: `${POD_IP_PEERS}${NO_HEADLESS}${RESET}`,
    },
    fixes: {
      declarePorts: 'List the ports clients and replicas use under spec.ports.',
      declarePort: 'Add port {{port}} to {{service}} spec.ports (named tcp-... or http-...).',
      declareHeadless: 'Declare port {{port}} on a headless Service (clusterIP: None) that selects the pods of {{caller}}, named tcp-{{port}}.',
    },
    fixable: {
      fix: 'The port is appended to spec.ports named tcp-<port> (the traffic is TCP to Istio until someone says otherwise), with targetPort the same number; the ports already there, the selector and the cluster IP are untouched. Offered only when every existing port is named, as Kubernetes requires of a Service with several.',
    },
    // The Service, the caller, the name it calls and the port identify a finding; the ports the
    // Service does declare and which STRICT server resets the traffic, in what words, describe it.
    volatileData: ['declared', 'server', 'mtls', 'evidence'],
    uses: [facts.headless, facts.headlessFlows, facts.headlessUses, facts.injection, facts.mtls, facts.systems, facts.peerTraffic, facts.peerPortGaps, facts.proxySettings],
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
    const proxySettings = use(facts.proxySettings);
    // One finding per Service and port: the peer-traffic findings below skip what the flows reported.
    const reportedOn = new Set<string>();
    for (const service of model.services) {
      if (!use(facts.headless).isHeadless(service)) continue;
      const servers = model.selectedBy(service).filter((w) => use(facts.injection).of(w).injected === true);
      const declared = servicePorts(service);
      // The listeners that are missing are the client sidecars': a caller without one sends the same bytes either way.
      const flows = use(facts.headlessFlows).of(service).filter((f) => use(facts.injection).of(f.caller).injected !== false);
      if (declared.length === 0) {
        if (model.selectedBy(service).length === 0 && use(facts.headlessUses).of(service).length === 0) continue;
        if (servers.length === 0 && flows.length === 0) continue;
        reportedOn.add(serviceKey(service));
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
        reportedOn.add(serviceKey(service, flow.port));
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
    for (const workload of model.workloads) {
      if (use(facts.injection).of(workload).injected !== true) continue;
      for (const gap of use(facts.peerPortGaps).of(workload)) {
        const { port } = gap.connection;
        if (gap.service && (reportedOn.has(serviceKey(gap.service)) || reportedOn.has(serviceKey(gap.service, port)))) continue;
        // The containerPort flow of the governing Service already judged this port (reported it, or found it monitoring).
        if (gap.kind === 'headless' && gap.service && use(facts.headlessFlows).of(gap.service).some((f) => f.caller === workload && !f.reference && f.port === port)) continue;
        // A port the pods' sidecars leave uncaptured reaches the application as sent: the user took it out of the mesh.
        if (inboundExclusion(workload, port, proxySettings.of(workload))) continue;
        if (gap.service) reportedOn.add(serviceKey(gap.service, port));
        reportPeerGap({ use, report }, workload, gap, strictOn([workload], port));
      }
    }
  },
});

const serviceKey = (service: Resource, port?: number) => `${service.namespace}\u0000${service.name}\u0000${port ?? '*'}`;

const PEER_MESSAGES = {
  headless: ['undeclaredPeerTraffic', 'undeclaredPeerTrafficReset'],
  clusterIp: ['podIpPeersClusterIp', 'podIpPeersClusterIpReset'],
  none: ['podIpPeersNoService', 'podIpPeersNoServiceReset'],
} as const;

/**
 * A peer port no headless Service of the pods declares, reported where the user sets it (the env
 * var, flag or ConfigMap key the port comes from), else on the Service that should declare it, else
 * where the workload shows the system it runs.
 */
function reportPeerGap(
  { use, report }: Pick<RuleContext, 'use' | 'report'>,
  workload: Workload,
  gap: PeerPortGap,
  strict: { server: Workload; mode: MtlsDecision } | undefined,
): void {
  const { connection: c, service } = gap;
  const running = use(facts.systems).of(workload);
  const shows = running?.evidence[0];
  const declared = service ? servicePorts(service).map((p) => p.port).join(', ') : '';
  const fromSetting = c.evidence.source !== 'catalogue' && c.evidence.resource && c.evidence.path ? { resource: c.evidence.resource, path: c.evidence.path } : undefined;
  const at = fromSetting ?? (service ? { resource: service, path: ['spec', 'ports'] } : shows ? { resource: shows.resource, path: shows.path } : { resource: workload.resource, path: ['spec'] });
  const related: RelatedTarget[] = [];
  if (service && at.resource !== service) related.push({ resource: service, path: ['spec', 'ports'], message: `${service.display} declares ${declared}` });
  if (shows && at.path !== shows.path) related.push({ resource: shows.resource, path: shows.path, message: `${running.system.name}: ${shows.text}` });
  if (strict?.mode.decidedBy) related.push({ ...strict.mode.decidedBy, message: `mTLS ${describeMtls(strict.mode)}` });
  const messages = gap.kind === 'headless' ? PEER_MESSAGES.headless : service ? PEER_MESSAGES.clusterIp : PEER_MESSAGES.none;
  report({
    ...at,
    severity: strict ? 'error' : 'info',
    messageId: messages[strict ? 1 : 0],
    data: {
      caller: workload.display,
      port: c.port,
      system: running?.system.name ?? 'peer',
      portName: c.portName ?? c.role,
      evidence: c.evidence.text,
      ...(service ? { service: service.display } : {}),
      ...(gap.kind === 'headless' ? { declared } : {}),
      ...strictData(strict),
    },
    ...(gap.kind === 'headless' && service ? { fixId: 'declarePort', ...declarePortRepair(service, c.port) } : { fixId: 'declareHeadless' }),
    related,
  });
}

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
