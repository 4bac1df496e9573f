/**
 * The outbound traffic policy of a workload's sidecar: the `outboundTrafficPolicy` of the Sidecar
 * resource that scopes it, else the mesh config's `outboundTrafficPolicy.mode` of its istiod
 * revision (default ALLOW_ANY, istio/istio pkg/config/mesh/mesh.go). Under REGISTRY_ONLY a call
 * the proxy has no listener or cluster for goes to the BlackHoleCluster instead of passthrough
 * (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/).
 */
import type { Located, Path } from '../../load/parser.js';
import { asObj, asString, type Resource } from '../../load/resource.js';
import { defineFact } from '../define.js';
import { injection, type Injection } from '../injection/injection.js';
import { meshConfigs, type MeshConfigs } from './mesh-config.js';
import { sidecars, type Sidecars } from './sidecar-scope.js';
import type { Workload } from '../../model/workload.js';

export type OutboundMode = 'ALLOW_ANY' | 'REGISTRY_ONLY';

export interface OutboundPolicy {
  mode: OutboundMode;
  /** where the mode is set; absent for the default */
  decidedBy?: { resource: Resource; path?: Path; located?: Located; origin: string };
}

function outboundPolicyOf(scopes: Sidecars, meshes: MeshConfigs, verdicts: Injection, workload: Workload): OutboundPolicy {
  const scope = scopes.of(workload);
  const written = scope && asString(asObj(scope.sidecar.spec.outboundTrafficPolicy)?.mode)?.toUpperCase();
  if (scope && (written === 'REGISTRY_ONLY' || written === 'ALLOW_ANY')) {
    return { mode: written, decidedBy: { resource: scope.sidecar, path: ['spec', 'outboundTrafficPolicy', 'mode'], origin: `${scope.sidecar.display} (${scope.how})` } };
  }
  const mesh = meshes.for(verdicts.of(workload).revision);
  if (!mesh || asObj(mesh.value.outboundTrafficPolicy)?.mode === undefined) return { mode: 'ALLOW_ANY' };
  return { mode: mesh.outboundTrafficPolicy, decidedBy: { resource: mesh.resource, located: mesh.locate(['outboundTrafficPolicy', 'mode']), origin: mesh.origin } };
}

export const outboundPolicy = defineFact({
  id: 'mesh.outboundPolicy',
  description: "each sidecar's outbound traffic policy (REGISTRY_ONLY or ALLOW_ANY) and where it is set",
  uses: [sidecars, meshConfigs, injection],
  compute: ({ use }) => {
    const [scopes, meshes, verdicts] = [use(sidecars), use(meshConfigs), use(injection)];
    return { of: (workload: Workload): OutboundPolicy => outboundPolicyOf(scopes, meshes, verdicts, workload) };
  },
});
