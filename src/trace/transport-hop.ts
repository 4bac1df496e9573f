/**
 * Hop 6, transport: the protocol Istio gives the port, whether the caller's sidecar sends mTLS
 * (it must know the Service, or the traffic is passthrough plaintext), what the target's
 * PeerAuthentication demands, and the TLS the caller's DestinationRule asks for.
 */
import { facts } from '../facts/index.js';
import type { Analysis } from '../facts/store.js';
import { describeMtls } from '../facts/transport/mtls.js';
import { serviceHost, tlsFor } from '../facts/transport/destination-rules.js';
import { containerPortOf } from '../facts/headless/service-ports.js';
import { HopBuilder } from './model.js';
import type { TraceEnds } from './target.js';

export function transportHop({ use }: Analysis, ends: TraceEnds, callerSeesService: boolean | undefined): HopBuilder {
  const hop = new HopBuilder('transport', 'transport: protocol, mTLS, DestinationRule TLS');
  const { caller, service, servicePort } = ends;
  hop.involve(caller.resource, service, ...ends.targets.map((w) => w.resource));
  if (ends.builtIn) return hop.ok(`${ends.name} is served outside the mesh: plaintext, no PeerAuthentication`);
  if (!service || !servicePort) return hop.unknown(service ? 'no declared Service port: protocol and TLS settings cannot be read' : 'no Service: nothing to read');
  const protocol = servicePort.protocol;
  const protocolAt = { resource: service, path: [...servicePort.path, ...protocol.path] };
  if (protocol.protocol === 'auto') hop.ok(`port ${servicePort.port} names no protocol: Istio sniffs it (server-first protocols stall here)`, protocolAt);
  else hop.ok(`port ${servicePort.port} is ${protocol.protocol} to Istio (from ${protocol.from})`, protocolAt);

  const callerSidecar = use(facts.injection).of(caller).injected;
  const passthrough = callerSidecar === true && callerSeesService === false;
  const sendsMtls = callerSidecar === true && !passthrough;
  if (passthrough) hop.ok(`${caller.display}'s sidecar does not know ${service.display}: passthrough, plaintext`);
  else if (callerSidecar === true) hop.ok(`${caller.display}'s sidecar originates Istio mTLS (auto mTLS) to pods with sidecars`);
  else hop.ok(`${caller.display} has no sidecar: it sends plaintext`);

  const fqdn = serviceHost(service, use(facts.clusterDomain).effective);
  const rules = callerSidecar === true ? use(facts.destinationRules).lookup(fqdn, service.namespace, { namespace: caller.namespace, labels: caller.labels }) : [];
  hop.involve(...rules);
  const tls = tlsFor(rules, servicePort.port);
  for (const target of ends.targets) {
    const port = containerPortOf(servicePort, target);
    const mode = use(facts.mtls).modeOf(target, port);
    if (mode.decidedBy) hop.involve(mode.decidedBy.resource);
    const at = mode.decidedBy ? { resource: mode.decidedBy.resource, path: mode.decidedBy.path } : undefined;
    const serverSidecar = use(facts.injection).of(target).injected;
    if (serverSidecar === false) {
      hop.ok(`${target.display} has no sidecar: PeerAuthentication does not apply; it must accept ${sendsMtls ? 'plaintext (auto mTLS sends plaintext to pods without a sidecar)' : 'plaintext'}`);
      continue;
    }
    if (mode.mode === 'STRICT' && !sendsMtls) {
      hop.add(serverSidecar === true && callerSidecar !== undefined ? 'broken' : 'unknown', `${target.display} requires mTLS ${describeMtls(mode)} but ${caller.display} sends plaintext${passthrough ? ' (passthrough)' : ''}: the connection is reset`, at);
    } else hop.ok(`${target.display} accepts ${sendsMtls ? 'mTLS' : 'plaintext'} under ${describeMtls(mode)}`, at);
    if (tls && sendsMtls) {
      const tlsAt = { resource: tls.rule, path: tls.path };
      if (tls.mode === 'ISTIO_MUTUAL') hop.ok(`${tls.rule.display} sets tls ISTIO_MUTUAL`, tlsAt);
      else if (tls.mode === 'DISABLE' && mode.mode === 'STRICT') hop.broken(`${tls.rule.display} sets tls DISABLE, so the caller sends plaintext to a STRICT server`, tlsAt);
      else if (tls.mode === 'SIMPLE' || tls.mode === 'MUTUAL') hop.broken(`${tls.rule.display} sets tls ${tls.mode}: the caller's sidecar originates its own TLS, which the server's sidecar does not terminate as Istio mTLS`, tlsAt);
      else hop.ok(`${tls.rule.display} sets tls ${tls.mode}`, tlsAt);
    }
  }
  if (!tls && sendsMtls) hop.ok('no DestinationRule sets TLS for this host: auto mTLS decides');
  return hop;
}
