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
import type { ServicePort } from '../headless/service-ports.js';
import { WORKLOAD_KINDS, type Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { clusterDomain } from '../dns/cluster-domain.js';
import { injection } from '../injection/injection.js';
import { meshConfigs } from '../mesh/mesh-config.js';
import { destinationRules } from './destination-rules.js';
import { mtls } from './mtls.js';

export interface ClientTls {
  mtls: boolean;
  /** the DestinationRule setting that decided, when one applies */
  tls?: TlsSetting;
  reason: string;
}

export interface ClientTlsOf {
  of(service: Resource, port: ServicePort, client: Workload): ClientTls;
}

export const clientTls = defineFact({
  id: 'transport.clientTls',
  description: "whether a client sidecar wraps its calls to a Service port in Istio mTLS (DestinationRule, else auto mTLS)",
  reads: WORKLOAD_KINDS,
  uses: [clusterDomain, destinationRules, meshConfigs, injection, mtls],
  compute: ({ model, use }): ClientTlsOf => {
    const domain = use(clusterDomain).effective;
    const rules = use(destinationRules);
    const autoMtlsOff = use(meshConfigs).main?.value.enableAutoMtls === false;
    const verdicts = use(injection);
    const modes = use(mtls);
    return {
      of(service, port, client) {
        const host = serviceHost(service, domain);
        const tls = tlsFor(rules.lookup(host, service.namespace, { namespace: client.namespace, labels: client.labels }), port.port);
        if (tls) return { mtls: tls.mode === 'ISTIO_MUTUAL', tls, reason: `${tls.rule.display} sets tls.mode ${tls.mode}` };
        if (autoMtlsOff) return { mtls: false, reason: 'auto mTLS is off in the mesh config' };
        const backing = model.selectedBy(service);
        if (backing.some((w) => verdicts.of(w).injected === false)) return { mtls: false, reason: 'some pods of the Service have no sidecar, so auto mTLS sends plaintext' };
        const wide = backing.map((w) => modes.modeOf(w)).find((d) => d.scope === 'namespace' || d.scope === 'mesh');
        if (wide?.mode === 'DISABLE') return { mtls: false, reason: 'a namespace-wide or mesh-wide PeerAuthentication disables mTLS' };
        return { mtls: true, reason: 'auto mTLS upgrades every call to an injected pod' };
      },
    };
  },
});
