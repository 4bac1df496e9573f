/**
 * Hop 2, Service: headless or not, the port dialled, the pods its selector picks (and the
 * container port they listen on), and the per-pod record the name asks for.
 */
import { facts } from '../facts/index.js';
import type { Analysis } from '../facts/store.js';
import { podHostnames } from '../facts/dns/name-resolution.js';
import { containerPortOf } from '../facts/headless/service-ports.js';
import { HopBuilder } from './model.js';
import type { TraceEnds } from './target.js';
import type { PeerAddressing } from '../knowledge/systems.js';
import type { Resource } from '../load/resource.js';

export function serviceHop(analysis: Analysis, ends: TraceEnds): HopBuilder {
  const { model, use } = analysis;
  const hop = new HopBuilder('service', 'Service: headless, ports, pods');
  const { service, parts } = ends;
  if (!service && ends.builtIn) return hop.ok(`${ends.namespace}/${parts.service} is a Service every cluster has; its pods are outside the input and outside the mesh`);
  if (!service) {
    return hop.unknown(`no Service ${ends.namespace}/${parts.service} in the input: the path cannot be followed past DNS`);
  }
  hop.about(service, ...ends.targets.map((w) => w.resource));
  const headless = use(facts.headless).isHeadless(service);
  if (headless) hop.ok(`${service.display} is headless: DNS returns the pod addresses`, { resource: service, path: ['spec', 'clusterIP'] });
  else if (parts.pod) hop.broken(`${service.display} has a cluster IP, so the per-pod name "${ends.name}" has no record`, { resource: service, path: ['spec', 'clusterIP'] });
  else hop.ok(`${service.display} has a cluster IP: traffic goes through the Service's virtual address`, { resource: service, path: service.spec.clusterIP === undefined ? ['spec'] : ['spec', 'clusterIP'] });

  if (ends.port === undefined) hop.unknown(`no port given and ${service.display} declares several: add :PORT to --to`, { resource: service, path: ['spec', 'ports'] });
  else if (ends.servicePort) hop.ok(`port ${ends.port} is declared (${ends.servicePort.name ?? 'unnamed'}, ${ends.portOrigin === 'given' ? 'as given' : ends.portOrigin === 'manifest' ? 'as the caller\'s manifest writes it' : 'the Service\'s only port'})`, { resource: service, path: ends.servicePort.path });
  else if (headless) hop.unknown(`port ${ends.port} is not among the Service's ports: the connection goes straight to the pod, but Istio only knows the declared ports`, { resource: service, path: ['spec', 'ports'] });
  else hop.broken(`port ${ends.port} is not among the ports of ${service.display}, so its virtual address does not forward it`, { resource: service, path: ['spec', 'ports'] });

  const selected = model.selectedBy(service);
  if (service.spec.selector === undefined) hop.unknown(`${service.display} has no selector: its endpoints are managed by hand, outside the input`, { resource: service, path: ['spec'] });
  else if (selected.length === 0) hop.broken(`the selector of ${service.display} matches no pod template in namespace ${service.namespace}`, { resource: service, path: ['spec', 'selector'] });
  else hop.ok(`the selector picks ${selected.map((w) => w.display).join(', ')}`, { resource: service, path: ['spec', 'selector'] });

  if (parts.pod) {
    const { hostnames } = podHostnames(model, service);
    const owner = ends.targets[0];
    if (hostnames.includes(parts.pod) && owner) hop.ok(`pod ${parts.pod} of ${owner.display} gets the record ${parts.pod}.${service.name}.${service.namespace}.svc`, { resource: owner.resource, path: owner.kind === 'StatefulSet' ? ['spec', 'replicas'] : owner.specPath('hostname') });
    else hop.broken(`no pod under ${service.display} has hostname "${parts.pod}"${hostnames.length > 0 ? ` (${hostnames.join(', ')})` : ''}`, { resource: owner?.resource ?? service, path: owner ? ['spec', 'replicas'] : ['metadata', 'name'] });
  }

  liveNote(hop, analysis, ends);
  peerNote(hop, analysis, ends);

  if (ends.servicePort) {
    for (const w of ends.targets) {
      const containerPort = containerPortOf(ends.servicePort, w);
      if (containerPort === undefined) hop.broken(`targetPort "${ends.servicePort.targetPort}" names no container port of ${w.display}`, { resource: service, path: [...ends.servicePort.path, 'targetPort'] });
      else {
        const declared = w.ports().find((p) => p.containerPort === containerPort);
        hop.ok(`${w.display} receives it on container port ${containerPort}${declared ? '' : ' (not declared in its containers, which Kubernetes allows)'}`, { resource: w.resource, path: declared ? declared.path : w.specPath('containers') });
      }
    }
  }
  return hop;
}

const DIALLED_BY: Record<PeerAddressing, string> = { 'pod-ip': 'pod IP', 'per-pod-name': 'their per-pod names', 'service-name': 'the Service name' };

/**
 * A replica dialling its own Service: what the catalogue says this connection is (quorum,
 * gossip, replication), how the system addresses its peers, and what shows the port.
 */
function peerNote(hop: HopBuilder, { use }: Analysis, ends: TraceEnds): void {
  if (ends.port === undefined || !ends.targets.includes(ends.caller)) return;
  const running = use(facts.systems).of(ends.caller);
  const peer = use(facts.peerTraffic).of(ends.caller).find((p) => p.port === ends.port);
  if (!running || !peer) return;
  const evidence = peer.evidence.source === 'catalogue' ? `the default of ${running.system.name}` : `${peer.evidence.text} (${peer.evidence.source})`;
  const at = peer.evidence.resource ? { resource: peer.evidence.resource, path: peer.evidence.path ?? [] } : { resource: ends.caller.resource, path: ends.caller.specPath('containers') };
  hop.ok(
    `${ends.caller.display} runs ${running.system.name}${running.mode ? ` (${running.mode})` : ''}: port ${peer.port} is its ${peer.role} port (${peer.protocol}${peer.serverFirst ? ', server speaks first' : ''}), which the replicas dial by ${DIALLED_BY[peer.addressing]}; the port is ${evidence}`,
    at,
  );
}

/**
 * What a cluster dump's EndpointSlices say of the Service: CoreDNS answers with the endpoints
 * marked ready only (the slice controller marks every endpoint ready under
 * publishNotReadyAddresses), so a pod listed as not ready has no record yet.
 */
function liveNote(hop: HopBuilder, { use }: Analysis, ends: TraceEnds): void {
  if (!ends.service) return;
  const live = use(facts.liveEndpoints).of(ends.service);
  if (!live) return;
  const source = live.sources[0] as Resource;
  if (ends.parts.pod) {
    const endpoint = live.endpoints.find((e) => e.hostname === ends.parts.pod || e.podName === ends.parts.pod);
    if (!endpoint) hop.unknown(`the live endpoints of ${ends.service.display} do not list ${ends.parts.pod}: the pod did not exist, or was not scheduled, when the dump was taken`, { resource: source, path: ['metadata', 'name'] });
    else if (endpoint.ready) hop.ok(`the live endpoints list ${ends.parts.pod} at ${endpoint.address}, ready`, { resource: endpoint.source, path: endpoint.path });
    else hop.broken(`the live endpoints list ${ends.parts.pod} at ${endpoint.address} as not ready: cluster DNS publishes no record for it until it is ready`, { resource: endpoint.source, path: endpoint.path });
    return;
  }
  const ready = live.endpoints.filter((e) => e.ready);
  if (ready.length > 0) hop.ok(`the live endpoints list ${ready.length} ready address${ready.length === 1 ? '' : 'es'} of ${live.endpoints.length}`, { resource: source, path: ['metadata', 'name'] });
  else hop.broken(`the live endpoints of ${ends.service.display} hold no ready address${live.endpoints.length > 0 ? ` (${live.endpoints.length} not ready)` : ''}: DNS returns nothing`, { resource: source, path: ['metadata', 'name'] });
}
