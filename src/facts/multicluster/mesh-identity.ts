/**
 * What a cluster's control plane says the mesh is, where a multi-cluster mesh needs every cluster
 * to agree or to differ: the trust domain (and its aliases), the mesh ID, and the cluster's own
 * name (CLUSTER_ID). Each is read where the input writes it; what no manifest of the cluster shows
 * stays undefined, so only clusters whose inputs both say something are compared.
 *
 * Sources: the istio-discovery chart writes `trustDomain` and `defaultConfig.meshId` (from
 * values.global.meshID) into the mesh ConfigMap and CLUSTER_ID (values.global.multiCluster.
 * clusterName, default "Kubernetes") into istiod's environment; the injection template falls back
 * to the trust domain for ISTIO_META_MESH_ID (manifests/charts/istio-control/istio-discovery/
 * templates/configmap.yaml, deployment.yaml, files/injection-template.yaml).
 */
import type { Located, Path } from '../../load/parser.js';
import { asArray, asObj, asString, type Resource } from '../../load/resource.js';
import { HELM_VALUES } from '../../model/model.js';
import { defineFact } from '../define.js';
import { istiods } from '../mesh/istiod.js';
import { meshConfigs } from '../mesh/mesh-config.js';

/** A value and the place that sets it (or, for a default, the object it is the default of). */
export interface Declared {
  value: string;
  /** false for Istio's default, which the object shown implies */
  explicit: boolean;
  /** where it is read, as users read it */
  origin: string;
  resource: Resource;
  path?: Path;
  located?: Located;
}

export interface MeshIdentity {
  trustDomain?: Declared;
  trustDomainAliases: string[];
  /** explicit only: the default (the trust domain) is compared as the trust domain itself */
  meshId?: Declared;
  clusterName?: Declared;
}

/** Istio's default cluster ID (values.global.multiCluster.clusterName unset). */
export const DEFAULT_CLUSTER_ID = 'Kubernetes';

const valuesOf = (resource: Resource, prefix: Path): { value: unknown; at: (p: Path) => Path } => {
  let value: unknown = resource.value;
  for (const key of prefix) value = asObj(value)?.[key as string];
  return { value, at: (p) => [...prefix, ...p] };
};

/** values.global.<path> of an IstioOperator (spec.values) or of Helm values documents. */
function fromValues(operators: readonly Resource[], helmValues: readonly Resource[], keys: string[]): Declared | undefined {
  for (const [resource, prefix] of [...operators.map((r) => [r, ['spec', 'values']] as const), ...helmValues.map((r) => [r, []] as const)]) {
    const values = valuesOf(resource, [...prefix]);
    let value: unknown = asObj(values.value)?.global;
    for (const key of keys) value = asObj(value)?.[key];
    const text = asString(value);
    if (text) return { value: text, explicit: true, origin: `${resource.kind ? resource.display : `Helm values in ${resource.file}`} (values.global.${keys.join('.')})`, resource, path: values.at(['global', ...keys]) };
  }
  return undefined;
}

export const meshIdentity = defineFact({
  id: 'multicluster.meshIdentity',
  description: "the cluster's trust domain and aliases, mesh ID and cluster ID, where its manifests set them",
  reads: ['IstioOperator', HELM_VALUES],
  uses: [meshConfigs, istiods],
  compute: ({ model, use }): MeshIdentity => {
    const operators = model.ofKind('IstioOperator');
    const helmValues = model.helmValues;
    const mesh = use(meshConfigs).main;
    const trustDomain: Declared | undefined = mesh && {
      value: mesh.trustDomain,
      explicit: asString(mesh.value.trustDomain) !== undefined,
      origin: mesh.origin,
      resource: mesh.resource,
      located: mesh.locate(asString(mesh.value.trustDomain) !== undefined ? ['trustDomain'] : []),
    };
    const meshIdText = asString(asObj(mesh?.value.defaultConfig)?.meshId);
    const meshId: Declared | undefined =
      mesh && meshIdText ? { value: meshIdText, explicit: true, origin: `${mesh.origin} defaultConfig.meshId`, resource: mesh.resource, located: mesh.locate(['defaultConfig', 'meshId']) } : fromValues(operators, helmValues, ['meshID']);
    return { trustDomain, trustDomainAliases: mesh?.trustDomainAliases ?? [], meshId, clusterName: clusterNameOf(use(istiods), operators, helmValues) };
  },
});

function clusterNameOf(found: ReturnType<typeof istiods.compute>, operators: readonly Resource[], helmValues: readonly Resource[]): Declared | undefined {
  for (const istiod of found) {
    const env = asArray(istiod.container.container.env);
    const i = env.findIndex((e) => asObj(e)?.name === 'CLUSTER_ID');
    const value = asString(asObj(env[i])?.value);
    if (value) return { value, explicit: true, origin: `${istiod.workload.resource.display} env CLUSTER_ID`, resource: istiod.workload.resource, path: [...istiod.container.path, 'env', i, 'value'] };
  }
  const fromInstall = fromValues(operators, helmValues, ['multiCluster', 'clusterName']);
  if (fromInstall) return fromInstall;
  const istiod = found[0];
  return istiod && { value: DEFAULT_CLUSTER_ID, explicit: false, origin: `${istiod.workload.resource.display} (no CLUSTER_ID: Istio's default)`, resource: istiod.workload.resource, path: istiod.container.path };
}

export interface PeerIdentity {
  cluster: string;
  identity: MeshIdentity;
}

export const earlierIdentities = defineFact({
  id: 'multicluster.earlierIdentities',
  description: 'the mesh identity of each cluster given before this one in a multi-cluster run',
  uses: [meshIdentity],
  compute: ({ model }): PeerIdentity[] => (model.fleet?.earlier ?? []).map((peer) => ({ cluster: peer.name, identity: peer.analysis.use(meshIdentity) })),
});
