/**
 * Whether a client sidecar wraps its calls to a headless Service port in Istio mTLS. A
 * DestinationRule with TLS settings decides when one applies to the client; otherwise auto mTLS
 * (mesh `enableAutoMtls`, default true) does, from a best-effort service mode
 * (istio/istio pilot/pkg/model/push_context.go BestEffortInferServiceMTLSMode): for a passthrough
 * (headless) Service, plaintext as soon as one endpoint has no sidecar; else the namespace-wide
 * or mesh-wide PeerAuthentication, where DISABLE means plaintext.
 */
import type { Resource } from '../../load/resource.js';
import { serviceHost, tlsFor, type TlsSetting } from './destination-rules.js';
import type { Graph } from '../../model/model.js';
import type { ServicePort } from '../headless/service-ports.js';
import type { Workload } from '../../model/workload.js';

export interface ClientTls {
  mtls: boolean;
  /** the DestinationRule setting that decided, when one applies */
  tls?: TlsSetting;
  reason: string;
}

export function clientTls(graph: Graph, service: Resource, port: ServicePort, client: Workload): ClientTls {
  const host = serviceHost(service, graph.clusterDomain.effective);
  const tls = tlsFor(graph.destinationRules.lookup(host, service.namespace, { namespace: client.namespace, labels: client.labels }), port.port);
  if (tls) return { mtls: tls.mode === 'ISTIO_MUTUAL', tls, reason: `${tls.rule.display} sets tls.mode ${tls.mode}` };
  if (graph.meshConfig?.value.enableAutoMtls === false) return { mtls: false, reason: 'auto mTLS is off in the mesh config' };
  const backing = graph.selectedBy(service);
  if (backing.some((w) => graph.injection(w).injected === false)) return { mtls: false, reason: 'some pods of the Service have no sidecar, so auto mTLS sends plaintext' };
  const wide = backing.map((w) => graph.mtls.modeOf(w)).find((d) => d.scope === 'namespace' || d.scope === 'mesh');
  if (wide?.mode === 'DISABLE') return { mtls: false, reason: 'a namespace-wide or mesh-wide PeerAuthentication disables mTLS' };
  return { mtls: true, reason: 'auto mTLS upgrades every call to an injected pod' };
}
