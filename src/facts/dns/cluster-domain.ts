/**
 * Every place that declares the cluster DNS domain, each with its location.
 *
 * Kubernetes side: kubelet `clusterDomain` decides the pods' resolv.conf search path, kubeadm
 * `networking.dnsDomain` feeds both kubelet and the CoreDNS Corefile, CoreDNS' `kubernetes`
 * zones decide which names are answered. Istio side: `global.proxy.clusterDomain` feeds
 * istiod's `--domain` and every sidecar's. Nothing keeps them in sync
 * (istio/istio manifests/charts/istio-control/istio-discovery/values.yaml).
 */
import type { Located } from '../../load/parser.js';
import { asObj, asString, type Resource } from '../../load/resource.js';
import { isPlaceholder, kubernetesPlugins, normalizeZone, parseCorefile, type KubernetesPlugin, type ServerBlock, type Token } from '../../text/corefile.js';
import { readEmbedded } from '../../text/embedded.js';
import { defineFact } from '../define.js';
import { HELM_VALUES } from '../../model/model.js';

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

export type DomainSourceKind = 'user' | 'kubelet' | 'kubeadm' | 'istio-values';

export interface DomainSource {
  kind: DomainSourceKind;
  value: string;
  /** human description: "KubeletConfiguration clusterDomain" */
  description: string;
  resource?: Resource;
  located?: Located;
  /** where a user-supplied value came from (`--cluster-domain`, a config file) */
  origin?: string;
  /** the value is the component's default, not written down */
  implicit: boolean;
}

export interface CorednsConfig {
  resource: Resource;
  blocks: ServerBlock[];
  plugins: KubernetesPlugin[];
}

export interface ClusterDomainFacts {
  /** the domain the cluster answers for, after every source is considered */
  effective: string;
  /** the source the effective value came from; undefined when assumed */
  decidedBy?: DomainSource;
  /** set when the effective value came from a CoreDNS zone */
  decidedByZone?: { config: CorednsConfig; zone: Token };
  /** Kubernetes-side and Istio-values sources, CoreDNS excluded */
  sources: DomainSource[];
  coredns: CorednsConfig[];
}

function normalizeDomain(domain: string): string {
  return domain.trim().replace(/\.$/, '').toLowerCase();
}

export function sameDomain(a: string, b: string): boolean {
  return normalizeDomain(a) === normalizeDomain(b);
}

export interface DomainInputs {
  userDomain?: { value: string; origin: string };
  dnsNamespace: string;
  configMaps: Resource[];
  kubeadmConfigs: Resource[];
  kubeletConfigs: Resource[];
  istioOperators: Resource[];
  helmValues: Resource[];
}

export function collectClusterDomain(input: DomainInputs): ClusterDomainFacts {
  const sources: DomainSource[] = [];
  const coredns: CorednsConfig[] = [];
  if (input.userDomain) {
    sources.push({ kind: 'user', value: input.userDomain.value, description: input.userDomain.origin, origin: input.userDomain.origin, implicit: false });
  }

  for (const kubelet of input.kubeletConfigs) {
    const value = asString(kubelet.value.clusterDomain);
    if (value) sources.push({ kind: 'kubelet', value, description: 'KubeletConfiguration clusterDomain', resource: kubelet, located: kubelet.locate(['clusterDomain']), implicit: false });
  }
  for (const kubeadm of input.kubeadmConfigs) {
    sources.push(kubeadmSource(kubeadm, kubeadm.value, (p) => kubeadm.locate(p)));
  }

  for (const cm of input.configMaps) {
    const name = cm.name;
    if (cm.namespace === input.dnsNamespace && name === 'coredns') {
      const corefile = asString(asObj(cm.value.data)?.Corefile);
      if (corefile !== undefined) {
        const blocks = parseCorefile(corefile);
        coredns.push({ resource: cm, blocks, plugins: kubernetesPlugins(blocks) });
      }
    }
    if (cm.namespace === input.dnsNamespace && name === 'kubeadm-config') {
      const embedded = readEmbedded(cm, ['data', 'ClusterConfiguration']);
      if (embedded) sources.push(kubeadmSource(cm, embedded.value, (p) => embedded.locate(p)));
    }
    if (cm.namespace === input.dnsNamespace && /^kubelet-config(-[\d.]+)?$/.test(name)) {
      const embedded = readEmbedded(cm, ['data', 'kubelet']);
      const value = asString(embedded?.value.clusterDomain);
      if (embedded && value) sources.push({ kind: 'kubelet', value, description: `KubeletConfiguration clusterDomain (ConfigMap ${cm.namespace}/${name})`, resource: cm, located: embedded.locate(['clusterDomain']), implicit: false });
    }
    if (/^istio-sidecar-injector(-.+)?$/.test(name) || /^values(-.+)?$/.test(name)) {
      const key = name.startsWith('values') ? 'merged-values' : 'values';
      const embedded = readEmbedded(cm, ['data', key]);
      const value = asString(asObj(asObj(embedded?.value.global)?.proxy)?.clusterDomain);
      if (embedded && value) sources.push({ kind: 'istio-values', value, description: `Istio global.proxy.clusterDomain (ConfigMap ${cm.namespace}/${name})`, resource: cm, located: embedded.locate(['global', 'proxy', 'clusterDomain']), implicit: false });
    }
  }

  for (const iop of input.istioOperators) {
    const value = asString(asObj(asObj(asObj(asObj(iop.spec.values)?.global)?.proxy))?.clusterDomain);
    if (value) sources.push({ kind: 'istio-values', value, description: 'IstioOperator spec.values.global.proxy.clusterDomain', resource: iop, located: iop.locate(['spec', 'values', 'global', 'proxy', 'clusterDomain']), implicit: false });
  }
  for (const values of input.helmValues) {
    const value = asString(asObj(asObj(values.value.global)?.proxy)?.clusterDomain);
    if (value) sources.push({ kind: 'istio-values', value, description: 'Helm values global.proxy.clusterDomain', resource: values, located: values.locate(['global', 'proxy', 'clusterDomain']), implicit: false });
  }

  // Which source wins: what the user says, then what kubelet writes into resolv.conf, then
  // kubeadm (which feeds kubelet and CoreDNS), then CoreDNS' zone, then Istio's own value.
  const order: DomainSourceKind[] = ['user', 'kubelet', 'kubeadm'];
  let decidedBy: DomainSource | undefined;
  for (const kind of order) {
    decidedBy = sources.find((s) => s.kind === kind && !s.implicit) ?? decidedBy;
    if (decidedBy) break;
  }
  let effective = decidedBy?.value;
  let decidedByZone: ClusterDomainFacts['decidedByZone'];
  if (!effective) {
    for (const config of coredns) {
      const zone = config.plugins.flatMap((p) => p.forwardZones).find((z) => normalizeZone(z.text) !== '' && !isPlaceholder(z.text));
      if (zone) {
        decidedByZone = { config, zone };
        effective = normalizeZone(zone.text);
        break;
      }
    }
  }
  if (!effective) {
    decidedBy = sources.find((s) => s.kind === 'kubeadm') ?? sources.find((s) => s.kind === 'istio-values');
    effective = decidedBy?.value;
  }
  return { effective: normalizeDomain(effective ?? DEFAULT_CLUSTER_DOMAIN), decidedBy, decidedByZone, sources, coredns };
}

function kubeadmSource(resource: Resource, config: Record<string, unknown>, locate: (p: (string | number)[]) => Located): DomainSource {
  const value = asString(asObj(config.networking)?.dnsDomain);
  if (value) {
    return { kind: 'kubeadm', value, description: 'kubeadm ClusterConfiguration networking.dnsDomain', resource, located: locate(['networking', 'dnsDomain']), implicit: false };
  }
  return {
    kind: 'kubeadm',
    value: DEFAULT_CLUSTER_DOMAIN,
    description: 'kubeadm ClusterConfiguration (networking.dnsDomain defaults to cluster.local)',
    resource,
    located: locate(['networking', 'dnsDomain']),
    implicit: true,
  };
}

/** Kinds that can declare the cluster domain (Helm values documents have no kind: ''). */
export const DOMAIN_SOURCE_KINDS = ['ConfigMap', 'ClusterConfiguration', 'KubeletConfiguration', 'IstioOperator', ''];

/** The cluster DNS domain: every declaration of it, the effective one, and CoreDNS's zones. */
export const clusterDomain = defineFact({
  id: 'dns.clusterDomain',
  description: 'the cluster DNS domain, from every source that declares it (kubelet, kubeadm, CoreDNS, Istio values, --cluster-domain)',
  reads: ['ConfigMap', 'ClusterConfiguration', 'KubeletConfiguration', 'IstioOperator', HELM_VALUES],
  compute: ({ model }) =>
    collectClusterDomain({
      userDomain: model.settings.clusterDomain,
      dnsNamespace: model.settings.dnsNamespace,
      configMaps: [...model.ofKind('ConfigMap')],
      kubeadmConfigs: model.ofKind('ClusterConfiguration').filter((r) => r.ref.apiVersion.startsWith('kubeadm.k8s.io/')),
      kubeletConfigs: [...model.ofKind('KubeletConfiguration')],
      istioOperators: [...model.ofKind('IstioOperator')],
      helmValues: [...model.helmValues],
    }),
});
