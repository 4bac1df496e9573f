/**
 * The settings a workload's proxy really runs with, each with the field it was read from.
 *
 * An injected pod (webhook or `istioctl kube-inject`) carries them in the containers the injector
 * wrote (istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml):
 * istio-iptables' flags in the `istio-init` / `istio-validation` args (tools/istio-iptables/pkg/cmd/
 * root.go: -b inbound ports, -d inbound ports excluded, -i/-x outbound CIDRs included/excluded,
 * -q/-o outbound ports included/excluded, --redirect-dns), the proxy's `--domain`
 * (`$(POD_NAMESPACE).svc.<clusterDomain>`; pilot/cmd/pilot-agent/app/cmd.go defaults to
 * cluster.local), its env (TRUST_DOMAIN, CA_ADDR, PROXY_CONFIG, ISTIO_META_DNS_CAPTURE), its image,
 * a `pilot-agent wait` postStart hook (holdApplicationUntilProxyStarts) and whether it is a native
 * sidecar. A template not injected yet has only the pod annotations the injector will read
 * (traffic.sidecar.istio.io/*, proxy.istio.io/config, sidecar.istio.io/proxyImage,
 * sidecar.istio.io/nativeSidecar). What neither shows is left undefined: the mesh-wide defaults
 * belong to the mesh config.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, type Obj, type Resource } from '../../load/resource.js';
import { readEmbedded } from '../../text/embedded.js';
import type { Container, Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { iptablesContainer, sidecarEvidence } from './sidecar-evidence.js';

export const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';
export const TRAFFIC_ANNOTATIONS = {
  includeInboundPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
  excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
  includeOutboundPorts: 'traffic.sidecar.istio.io/includeOutboundPorts',
  excludeOutboundPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
  includeOutboundIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeOutboundIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
} as const;
type TrafficKey = keyof typeof TRAFFIC_ANNOTATIONS;

/** istio-iptables' short and long flag for each traffic setting (tools/istio-iptables/pkg/cmd/root.go). */
const IPTABLES_FLAGS: Record<TrafficKey, [string, string]> = {
  includeInboundPorts: ['-b', '--istio-inbound-ports'],
  excludeInboundPorts: ['-d', '--istio-local-exclude-ports'],
  includeOutboundIPRanges: ['-i', '--istio-service-cidr'],
  excludeOutboundIPRanges: ['-x', '--istio-service-exclude-cidr'],
  includeOutboundPorts: ['-q', '--istio-outbound-ports'],
  excludeOutboundPorts: ['-o', '--istio-local-outbound-ports-exclude'],
};

export interface Setting<T> {
  value: T;
  resource: Resource;
  path: Path;
  /** where it was read, as users name it: `istio-init args -d`, `annotation traffic.sidecar.istio.io/excludeInboundPorts` */
  source: string;
  /** the text as written (a port or CIDR list) */
  text: string;
}

/** A comma-separated list of ports or CIDRs; `*` is all of them. */
export interface ValueList {
  all: boolean;
  items: string[];
}

export interface ProxySettings {
  /** read from an injected proxy (true), or from the annotations the injector will read (false) */
  injected: boolean;
  image?: Setting<string>;
  nativeSidecar?: Setting<boolean>;
  /** the cluster domain the proxy names Services with (the suffix of its --domain) */
  clusterDomain?: Setting<string>;
  trustDomain?: Setting<string>;
  /** the istiod address the proxy connects to for configuration */
  discoveryAddress?: Setting<string>;
  /** the certificate authority address (CA_ADDR), istiod's by default */
  caAddress?: Setting<string>;
  holdApplicationUntilProxyStarts?: Setting<boolean>;
  dnsCapture?: Setting<boolean>;
  traffic: Partial<Record<TrafficKey, Setting<ValueList>>>;
}

export function valueList(text: string): ValueList {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return { all: items.includes('*'), items: items.filter((s) => s !== '*') };
}

function envOf(container: Container): Map<string, { value: string; path: Path }> {
  const out = new Map<string, { value: string; path: Path }>();
  asArray(container.container.env).forEach((e, i) => {
    const env = asObj(e);
    const name = asString(env?.name);
    if (name && typeof env?.value === 'string') out.set(name, { value: env.value, path: [...container.path, 'env', i, 'value'] });
  });
  return out;
}

function argsOf(container: Container): string[] {
  return asArray(container.container.args).map((a) => (typeof a === 'string' ? a : String(a)));
}

/** The value of a flag (`-d 1,2`, `--flag=1,2`, `--flag 1,2`) and the index of the arg holding it. */
function flagValue(args: string[], names: readonly string[]): { value: string; index: number } | undefined {
  let found: { value: string; index: number } | undefined;
  args.forEach((arg, i) => {
    for (const name of names) {
      if (arg === name && i + 1 < args.length) found = { value: args[i + 1] as string, index: i + 1 };
      else if (arg.startsWith(`${name}=`)) found = { value: arg.slice(name.length + 1), index: i };
    }
  });
  return found;
}

function truthy(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return undefined;
}

/** `$(POD_NAMESPACE).svc.cluster.local` -> `cluster.local`: the proxy's domain is the namespace's Service domain. */
export function clusterDomainOfProxyDomain(domain: string): string | undefined {
  const m = /^(?:[^.]+\.)?svc\.(.+)$/.exec(domain.trim());
  return m ? (m[1] as string).replace(/\.$/, '') : undefined;
}

export function readProxySettings(workload: Workload): ProxySettings {
  const resource = workload.resource;
  const evidence = sidecarEvidence(workload);
  const proxy = evidence?.proxy;
  const settings: ProxySettings = { injected: evidence !== undefined, traffic: {} };
  const set = <T>(value: T, path: Path, source: string, text = String(value)): Setting<T> => ({ value, resource, path, source, text });

  // ProxyConfig: the injected PROXY_CONFIG env holds the merged config; before injection, the annotation.
  const proxyEnv = proxy ? envOf(proxy) : new Map<string, { value: string; path: Path }>();
  const configs: { value: Obj; path: Path; source: string }[] = [];
  const proxyConfigEnv = proxyEnv.get('PROXY_CONFIG');
  if (proxyConfigEnv) {
    const doc = readEmbedded(resource, proxyConfigEnv.path);
    if (doc) configs.push({ value: doc.value, path: proxyConfigEnv.path, source: `${proxy?.name} env PROXY_CONFIG` });
  }
  const annotationPath = workload.metadataPath('annotations', PROXY_CONFIG_ANNOTATION);
  const annotated = workload.annotations[PROXY_CONFIG_ANNOTATION] !== undefined ? readEmbedded(resource, annotationPath) : undefined;
  if (annotated) configs.push({ value: annotated.value, path: annotationPath, source: `annotation ${PROXY_CONFIG_ANNOTATION}` });
  const fromConfig = <T>(read: (config: Obj) => T | undefined): Setting<T> | undefined => {
    for (const c of configs) {
      const value = read(c.value);
      if (value !== undefined) return set(value, c.path, c.source);
    }
    return undefined;
  };

  if (proxy) {
    const image = asString(proxy.container.image);
    if (image) settings.image = set(image, [...proxy.path, 'image'], `${proxy.name} image`);
    settings.nativeSidecar = set(proxy.init, [...proxy.path, ...(proxy.init ? ['restartPolicy'] : ['name'])], proxy.init ? `${proxy.name} restartPolicy: Always` : `${proxy.name} in containers`);
    const args = argsOf(proxy);
    const domain = flagValue(args, ['--domain', '-domain']);
    const cluster = domain ? clusterDomainOfProxyDomain(domain.value) : undefined;
    if (domain && cluster) settings.clusterDomain = set(cluster, [...proxy.path, 'args', domain.index], `${proxy.name} args --domain`, domain.value);
    const trust = proxyEnv.get('TRUST_DOMAIN');
    if (trust) settings.trustDomain = set(trust.value, trust.path, `${proxy.name} env TRUST_DOMAIN`);
    const ca = proxyEnv.get('CA_ADDR');
    if (ca) settings.caAddress = set(ca.value, ca.path, `${proxy.name} env CA_ADDR`);
    const capture = proxyEnv.get('ISTIO_META_DNS_CAPTURE');
    const captureValue = capture ? truthy(capture.value) : undefined;
    if (capture && captureValue !== undefined) settings.dnsCapture = set(captureValue, capture.path, `${proxy.name} env ISTIO_META_DNS_CAPTURE`);
    const postStart = asArray(asObj(asObj(asObj(proxy.container.lifecycle)?.postStart)?.exec)?.command).map(String);
    if (postStart[0] === 'pilot-agent' && postStart[1] === 'wait') settings.holdApplicationUntilProxyStarts = set(true, [...proxy.path, 'lifecycle', 'postStart'], `${proxy.name} postStart pilot-agent wait`);
  } else {
    const image = workload.annotations['sidecar.istio.io/proxyImage'];
    if (image) settings.image = set(image, workload.metadataPath('annotations', 'sidecar.istio.io/proxyImage'), 'annotation sidecar.istio.io/proxyImage');
    const native = truthy(workload.annotations['sidecar.istio.io/nativeSidecar']);
    if (native !== undefined) settings.nativeSidecar = set(native, workload.metadataPath('annotations', 'sidecar.istio.io/nativeSidecar'), 'annotation sidecar.istio.io/nativeSidecar');
  }
  settings.discoveryAddress = fromConfig((c) => asString(c.discoveryAddress));
  const legacyDiscovery = workload.annotations['sidecar.istio.io/discoveryAddress'];
  if (!settings.discoveryAddress && legacyDiscovery) settings.discoveryAddress = set(legacyDiscovery, workload.metadataPath('annotations', 'sidecar.istio.io/discoveryAddress'), 'annotation sidecar.istio.io/discoveryAddress');
  settings.holdApplicationUntilProxyStarts ??= fromConfig((c) => truthy(c.holdApplicationUntilProxyStarts));
  settings.dnsCapture ??= fromConfig((c) => truthy(asObj(c.proxyMetadata)?.ISTIO_META_DNS_CAPTURE));
  readTraffic(workload, settings);
  for (const key of Object.keys(settings) as (keyof ProxySettings)[]) if (settings[key] === undefined) delete settings[key];
  return settings;
}

/** Traffic capture: istio-iptables' args when the pod has them, else the annotations the injector turns into them. */
function readTraffic(workload: Workload, settings: ProxySettings) {
  const iptables = settings.injected ? iptablesContainer(workload) : undefined;
  const args = iptables ? argsOf(iptables) : [];
  for (const key of Object.keys(TRAFFIC_ANNOTATIONS) as TrafficKey[]) {
    const flag = iptables ? flagValue(args, IPTABLES_FLAGS[key]) : undefined;
    if (iptables && flag) {
      settings.traffic[key] = { value: valueList(flag.value), resource: workload.resource, path: [...iptables.path, 'args', flag.index], source: `${iptables.name} args ${IPTABLES_FLAGS[key][0]}`, text: flag.value };
      continue;
    }
    const annotation = TRAFFIC_ANNOTATIONS[key];
    const text = workload.annotations[annotation];
    if (text !== undefined) settings.traffic[key] = { value: valueList(text), resource: workload.resource, path: workload.metadataPath('annotations', annotation), source: `annotation ${annotation}`, text };
  }
}

export interface ProxySettingsIndex {
  of(workload: Workload): ProxySettings;
}

export const proxySettings = defineFact({
  id: 'injection.proxySettings',
  description: "the settings each workload's proxy runs with (injected containers' args and env, else the pod annotations the injector reads), each with the field it came from",
  // Per workload handed in: it reads the workload's own fields, no other kind of the model.
  reads: [],
  compute: (): ProxySettingsIndex => {
    const memo = new Map<Workload, ProxySettings>();
    return {
      of(workload) {
        let settings = memo.get(workload);
        if (!settings) {
          settings = readProxySettings(workload);
          memo.set(workload, settings);
        }
        return settings;
      },
    };
  },
});
