/**
 * The outbound traffic policy of a workload's sidecar: the `outboundTrafficPolicy` of the Sidecar
 * resource that scopes it, else the mesh config's `outboundTrafficPolicy.mode` of its istiod
 * revision (default ALLOW_ANY, istio/istio pkg/config/mesh/mesh.go). Under REGISTRY_ONLY a call
 * the proxy has no listener or cluster for goes to the BlackHoleCluster instead of passthrough
 * (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/).
 */
import type { Located, Path } from '../../load/parser.js';
import { asObj, asString, type Resource } from '../../load/resource.js';
import type { Graph } from '../../model/model.js';
import { meshConfigFor } from './mesh-config.js';
import type { Workload } from '../../model/workload.js';

export type OutboundMode = 'ALLOW_ANY' | 'REGISTRY_ONLY';

export interface OutboundPolicy {
  mode: OutboundMode;
  /** where the mode is set; absent for the default */
  decidedBy?: { resource: Resource; path?: Path; located?: Located; origin: string };
}

export function outboundPolicyOf(graph: Graph, workload: Workload): OutboundPolicy {
  const scope = graph.sidecarOf(workload);
  const written = scope && asString(asObj(scope.sidecar.spec.outboundTrafficPolicy)?.mode)?.toUpperCase();
  if (scope && (written === 'REGISTRY_ONLY' || written === 'ALLOW_ANY')) {
    return { mode: written, decidedBy: { resource: scope.sidecar, path: ['spec', 'outboundTrafficPolicy', 'mode'], origin: `${scope.sidecar.display} (${scope.how})` } };
  }
  const mesh = meshConfigFor(graph.meshConfigs, graph.injection(workload).revision);
  if (!mesh || asObj(mesh.value.outboundTrafficPolicy)?.mode === undefined) return { mode: 'ALLOW_ANY' };
  return { mode: mesh.outboundTrafficPolicy, decidedBy: { resource: mesh.resource, located: mesh.locate(['outboundTrafficPolicy', 'mode']), origin: mesh.origin } };
}
