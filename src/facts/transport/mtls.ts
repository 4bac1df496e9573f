/**
 * The mTLS mode a sidecar enforces on an inbound port, composed from PeerAuthentications as
 * istiod does (istio/istio pilot/pkg/security/authn/policy_applier.go ComposePeerAuthentication):
 * the narrowest scope wins (workload selector > namespace-wide > mesh-wide in the root
 * namespace), the oldest policy wins within a scope, UNSET inherits from the wider scope, and
 * `portLevelMtls` (keyed by container port) only counts on a workload-level policy.
 * With no policy at all the mode is PERMISSIVE.
 */
import type { Path } from '../../load/parser.js';
import { asObj, asString, type Obj, type Resource } from '../../load/resource.js';
import { fromMap, matches } from '../../model/selector.js';
import type { Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { meshConfigs } from '../mesh/mesh-config.js';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';
export type MtlsScope = 'port' | 'workload' | 'namespace' | 'mesh' | 'default';

export interface MtlsDecision {
  mode: MtlsMode;
  scope: MtlsScope;
  /** the PeerAuthentication field that set the mode; absent for the PERMISSIVE default */
  decidedBy?: { resource: Resource; path: Path };
}

const MODES = new Set(['STRICT', 'PERMISSIVE', 'DISABLE']);

function modeAt(obj: Obj | undefined): MtlsMode | undefined {
  const mode = asString(obj?.mode)?.toUpperCase();
  return mode && MODES.has(mode) ? (mode as MtlsMode) : undefined;
}

function hasSelector(pa: Resource): boolean {
  const labels = asObj(asObj(pa.spec.selector)?.matchLabels);
  return labels !== undefined && Object.keys(labels).length > 0;
}

/** Oldest first when creation times are written; otherwise input order. */
function oldest(policies: Resource[]): Resource | undefined {
  const time = (r: Resource) => Date.parse(asString(r.metadata.creationTimestamp) ?? '') || Number.POSITIVE_INFINITY;
  return [...policies].sort((a, b) => time(a) - time(b))[0];
}

export class MtlsResolver {
  private readonly byNamespace = new Map<string, Resource[]>();

  constructor(
    peerAuthentications: readonly Resource[],
    readonly rootNamespace: string,
  ) {
    for (const pa of peerAuthentications) {
      const list = this.byNamespace.get(pa.namespace);
      if (list) list.push(pa);
      else this.byNamespace.set(pa.namespace, [pa]);
    }
  }

  /** The mode the workload's sidecar enforces on `containerPort` (or on the workload as a whole). */
  modeOf(workload: Workload, containerPort?: number): MtlsDecision {
    const inNs = this.byNamespace.get(workload.namespace) ?? [];
    const mesh = oldest((this.byNamespace.get(this.rootNamespace) ?? []).filter((pa) => !hasSelector(pa)));
    const namespace = workload.namespace === this.rootNamespace ? undefined : oldest(inNs.filter((pa) => !hasSelector(pa)));
    const selected =
      workload.namespace === this.rootNamespace
        ? undefined
        : oldest(inNs.filter((pa) => hasSelector(pa) && matches(fromMap(asObj(pa.spec.selector)?.matchLabels), workload.labels)));

    let decision: MtlsDecision = { mode: 'PERMISSIVE', scope: 'default' };
    const apply = (pa: Resource | undefined, scope: MtlsScope) => {
      const mode = modeAt(asObj(pa?.spec.mtls));
      if (pa && mode) decision = { mode, scope, decidedBy: { resource: pa, path: ['spec', 'mtls', 'mode'] } };
    };
    apply(mesh, 'mesh');
    apply(namespace, 'namespace');
    apply(selected, 'workload');
    if (selected && containerPort !== undefined) {
      const portLevel = asObj(selected.spec.portLevelMtls) ?? {};
      const key = Object.keys(portLevel).find((k) => Number(k) === containerPort);
      const mode = key === undefined ? undefined : modeAt(asObj(portLevel[key]));
      if (key !== undefined && mode) decision = { mode, scope: 'port', decidedBy: { resource: selected, path: ['spec', 'portLevelMtls', key, 'mode'] } };
    }
    return decision;
  }
}

export function describeMtls(decision: MtlsDecision): string {
  if (!decision.decidedBy) return `${decision.mode} (no PeerAuthentication applies)`;
  const { resource } = decision.decidedBy;
  const scope = { port: 'port-level', workload: 'workload', namespace: 'namespace-wide', mesh: 'mesh-wide', default: '' }[decision.scope];
  return `${decision.mode} (${scope} ${resource.display})`;
}

export const mtls = defineFact({
  id: 'transport.mtls',
  description: 'the mTLS mode each sidecar enforces, per port, from PeerAuthentications',
  reads: ['PeerAuthentication'],
  uses: [meshConfigs],
  compute: ({ model, use }) => new MtlsResolver(model.ofKind('PeerAuthentication'), use(meshConfigs).rootNamespace),
});
