/**
 * Istio mesh configuration: ConfigMap `istio` / `istio-<rev>` key `mesh` (what istiod reads),
 * IstioOperator `spec.meshConfig`, or Helm values `meshConfig`.
 * Defaults from istio/istio pkg/config/mesh/mesh.go.
 */
import type { Located, Path } from '../../load/parser.js';
import { asObj, asString, type Obj, type Resource, textList } from '../../load/resource.js';
import { readEmbedded } from '../../text/embedded.js';
import { fromLabelSelector, type LabelSelector } from '../../model/selector.js';
import { defineFact } from '../define.js';
import { HELM_VALUES } from '../../model/model.js';

export interface MeshConfig {
  resource: Resource;
  /** describes where it was read: "ConfigMap istio-system/istio (mesh)" */
  origin: string;
  revision: string;
  value: Obj;
  locate(path: Path): Located;
  discoverySelectors?: LabelSelector[];
  defaultServiceExportTo: string[];
  rootNamespace: string;
  trustDomain: string;
  trustDomainAliases: string[];
  outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
}

export const DEFAULT_ROOT_NAMESPACE = 'istio-system';

function build(resource: Resource, origin: string, revision: string, value: Obj, locate: (p: Path) => Located, defaultRoot: string): MeshConfig {
  const selectors = value.discoverySelectors;
  const exportTo = textList(value.defaultServiceExportTo);
  const mode = asString(asObj(value.outboundTrafficPolicy)?.mode);
  return {
    resource,
    origin,
    revision,
    value,
    locate,
    discoverySelectors: Array.isArray(selectors) ? selectors.map(fromLabelSelector) : undefined,
    defaultServiceExportTo: exportTo.length > 0 ? exportTo : ['*'],
    rootNamespace: asString(value.rootNamespace) ?? defaultRoot,
    trustDomain: asString(value.trustDomain) ?? 'cluster.local',
    trustDomainAliases: textList(value.trustDomainAliases),
    outboundTrafficPolicy: mode === 'REGISTRY_ONLY' ? 'REGISTRY_ONLY' : 'ALLOW_ANY',
  };
}

export function collectMeshConfigs(configMaps: Resource[], istioOperators: Resource[], helmValues: Resource[], defaultRoot: string): MeshConfig[] {
  const out: MeshConfig[] = [];
  for (const cm of configMaps) {
    const m = /^istio(?:-(.+))?$/.exec(cm.name);
    if (!m || asObj(cm.value.data)?.mesh === undefined) continue;
    const embedded = readEmbedded(cm, ['data', 'mesh']);
    if (!embedded) continue;
    out.push(build(cm, `ConfigMap ${cm.namespace}/${cm.name} (key mesh)`, m[1] ?? 'default', embedded.value, embedded.locate, cm.namespace || defaultRoot));
  }
  for (const iop of istioOperators) {
    const mesh = asObj(iop.spec.meshConfig);
    if (!mesh) continue;
    const revision = asString(iop.spec.revision) || 'default';
    out.push(build(iop, `${iop.display} (spec.meshConfig)`, revision, mesh, (p) => iop.locate(['spec', 'meshConfig', ...p]), defaultRoot));
  }
  for (const values of helmValues) {
    const mesh = asObj(values.value.meshConfig);
    if (!mesh) continue;
    const revision = asString(values.value.revision) || 'default';
    out.push(build(values, `Helm values in ${values.file} (meshConfig)`, revision, mesh, (p) => values.locate(['meshConfig', ...p]), defaultRoot));
  }
  return out;
}

/** The mesh config an istiod of `revision` reads; revision tags and unknown revisions fall back to the default one. */
export function meshConfigFor(configs: MeshConfig[], revision = 'default'): MeshConfig | undefined {
  return configs.find((m) => m.revision === revision) ?? configs.find((m) => m.revision === 'default') ?? configs[0];
}

export interface MeshConfigs {
  all: MeshConfig[];
  /** the default revision's, else the first one read */
  main: MeshConfig | undefined;
  /** Istio's config root namespace: mesh-wide policies live there */
  rootNamespace: string;
  /** the mesh config an istiod of `revision` reads */
  for(revision?: string): MeshConfig | undefined;
}

export const meshConfigs = defineFact({
  id: 'mesh.meshConfigs',
  description: 'the mesh config of each revision (ConfigMap istio[-rev], IstioOperator, Helm values)',
  reads: ['ConfigMap', 'IstioOperator', HELM_VALUES],
  compute: ({ model }): MeshConfigs => {
    const all = collectMeshConfigs([...model.ofKind('ConfigMap')], [...model.ofKind('IstioOperator')], [...model.helmValues], model.settings.istioRootNamespace);
    const main = meshConfigFor(all);
    return { all, main, rootNamespace: main?.rootNamespace ?? model.settings.istioRootNamespace, for: (revision) => meshConfigFor(all, revision) };
  },
});
