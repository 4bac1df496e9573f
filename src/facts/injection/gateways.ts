/**
 * Istio's own proxies: gateways (injected with the `gateway` template, or labelled as
 * ingress/egress gateways) and manually injected pods run istio-proxy as a regular container.
 * Checks meant for applications inside the mesh leave them alone.
 */
import type { Workload } from '../../model/workload.js';

export const PROXY_CONTAINER = 'istio-proxy';

export function isIstioGateway(workload: Workload): boolean {
  const template = workload.annotations['inject.istio.io/templates'] ?? '';
  const role = workload.labels.istio ?? '';
  return /(^|,)gateway(,|$)/.test(template) || /gateway$/.test(role) || workload.labels['gateway.istio.io/managed'] !== undefined;
}
