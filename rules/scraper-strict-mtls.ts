import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import type { Path } from '../src/load/parser.js';
import { asArray, asObj, asString, stringMap, textList, type Obj, type Resource } from '../src/load/resource.js';
import { describeMtls } from '../src/facts/transport/mtls.js';
import { containerPortOf, servicePorts } from '../src/facts/headless/service-ports.js';
import { fromLabelSelector, matches, type LabelSelector } from '../src/model/selector.js';
import { WORKLOAD_KINDS, type Workload } from '../src/model/workload.js';
import { imageRepository } from '../src/knowledge/recognise-system.js';

/** Istio's own plaintext ports: the agent's merged metrics (15020) and Envoy's (15090) never require mTLS. */
const ISTIO_METRICS_PORTS = new Set([15020, 15090]);
const MERGE_ANNOTATION = 'prometheus.istio.io/merge-metrics';

const RESET = 'but the pods require mTLS on that port: {{mtls}}. The server sidecar resets every plaintext scrape (target down, "connection reset by peer").';

/** A Prometheus the input shows, and whether its pods get a sidecar. */
interface Scraper {
  display: string;
  resource: Resource;
  path: Path;
  sidecar: boolean;
}

/** Scrape endpoints that bring their own TLS (Istio's certificates mounted into Prometheus, as Istio documents). */
function usesTls(endpoint: Obj): boolean {
  return asString(endpoint.scheme)?.toLowerCase() === 'https' || asObj(endpoint.tlsConfig) !== undefined;
}

/** The namespaces a monitor looks in: its namespaceSelector, else its own. */
function inNamespaces(monitor: Resource, namespace: string): boolean {
  const selector = asObj(monitor.spec.namespaceSelector);
  if (selector?.any === true) return true;
  const names = textList(selector?.matchNames);
  return names.length > 0 ? names.includes(namespace) : namespace === monitor.namespace;
}

export default defineRule({
  meta: {
    id: 'scraper-strict-mtls',
    cause: 'beyond',
    severity: 'error',
    description: 'Prometheus scrapes an application port in plaintext (a ServiceMonitor or PodMonitor without TLS, or annotations with metrics merging off) while the pods require mTLS on it.',
    why:
      "Prometheus dials each target's pod IP directly, usually from outside the mesh or with its outbound traffic left uncaptured, so it sends plaintext. Istio's own metrics ports (15020 merged metrics, 15090 Envoy) accept that; an application port under STRICT mTLS does not, and the server sidecar resets every scrape. With the prometheus.io annotations Istio's injector normally points the scrape at 15020 and merges the application's metrics there (metrics merging), so the problem appears only when merging is switched off. A ServiceMonitor or PodMonitor names the application port itself: it needs Istio's certificates in its tlsConfig, as Istio's Prometheus integration describes.",
    diagnose: [
      'kubectl get servicemonitor,podmonitor -A -o yaml | grep -B3 -A8 endpoints',
      'istioctl x describe pod <target-pod> -n <ns>',
      'kubectl logs <target-pod> -c istio-proxy | grep -i "tls\\|reset"',
      'kubectl exec -n <prometheus-ns> <prometheus-pod> -- wget -qO- localhost:9090/api/v1/targets',
    ],
    fix: "Scrape with Istio's certificates (a sidecar on Prometheus with outbound capture off and the certificates written to a volume: proxy.istio.io/config OUTPUT_CERTS, then scheme https and tlsConfig with the CA, certificate and key), keep metrics merging on for annotation-based scraping, or make the metrics port PERMISSIVE with a port-level PeerAuthentication.",
    sources: [
      'https://istio.io/latest/docs/ops/integrations/prometheus/#tls-settings',
      'https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging',
      'https://istio.io/latest/docs/reference/config/annotations/#PrometheusMergeMetrics',
      'https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Endpoint',
      'istio/istio pkg/kube/inject/webhook.go (enablePrometheusMerge: the pod annotation first, then meshConfig.enablePrometheusMerge, on by default)',
    ],
    messages: {
      serviceMonitor: `{{monitor}} scrapes {{workload}} on port {{targetPort}} in plaintext (no scheme https, no tlsConfig), ${RESET}`,
      podMonitor: `{{monitor}} scrapes {{workload}} on port {{targetPort}} in plaintext (no scheme https, no tlsConfig), ${RESET}`,
      annotationsWithoutMerging: `{{workload}} asks Prometheus (prometheus.io/scrape) to scrape port {{targetPort}}, and metrics merging is off ({{merge}}), so {{scraper}}, which has no sidecar, scrapes the application port in plaintext, ${RESET}`,
    },
    fixes: {
      scrapeWithIstioCerts: "Give the endpoint scheme: https and a tlsConfig with Istio's certificates, or add a PERMISSIVE portLevelMtls for port {{targetPort}} on {{workload}}.",
      keepMerging: 'Remove {{merge}} so the injector keeps merging the metrics on port 15020, or add a PERMISSIVE portLevelMtls for port {{targetPort}}.',
    },
    // The monitor, the pods and the port identify a finding; which PeerAuthentication makes it STRICT describes it.
    volatileData: ['mtls', 'scraper', 'merge'],
    uses: [facts.injection, facts.meshConfigs, facts.mtls],
    requires: [['ServiceMonitor', 'PodMonitor', ...WORKLOAD_KINDS]],
    reads: ['Service', 'Prometheus'],
  },
  check({ model, use, report }) {
    const injected = (w: Workload) => use(facts.injection).of(w).injected === true;
    /** The STRICT decision on a target port, when the rule has something to say. */
    const strictOn = (w: Workload, port: number | undefined) => {
      if (port === undefined || ISTIO_METRICS_PORTS.has(port) || !injected(w)) return undefined;
      const mode = use(facts.mtls).modeOf(w, port);
      return mode.mode === 'STRICT' ? mode : undefined;
    };
    const mtlsNote = (mode: NonNullable<ReturnType<typeof strictOn>>): RelatedTarget[] => (mode.decidedBy ? [{ ...mode.decidedBy, message: `mTLS ${describeMtls(mode)}` }] : []);

    /** One finding per monitor endpoint: the first STRICT target it reaches. */
    const reportMonitor = (monitor: Resource, path: Path, messageId: 'serviceMonitor' | 'podMonitor', w: Workload, target: number | undefined): boolean => {
      const mode = strictOn(w, target);
      if (!mode) return false;
      report({
        resource: monitor,
        path,
        messageId,
        data: { monitor: monitor.display, workload: w.display, targetPort: target as number, mtls: describeMtls(mode) },
        fixId: 'scrapeWithIstioCerts',
        related: mtlsNote(mode),
      });
      return true;
    };

    // The two monitor kinds differ only in how an endpoint names its targets.
    const monitorKinds = [
      {
        kind: 'ServiceMonitor',
        endpoints: 'endpoints',
        messageId: 'serviceMonitor',
        targets: (monitor: Resource, selector: LabelSelector, endpoint: Record<string, unknown>) =>
          model.services
            .filter((s) => inNamespaces(monitor, s.namespace) && matches(selector, s.labels))
            .flatMap((service) => {
              const port = servicePorts(service).find((p) => p.name === asString(endpoint.port) || (endpoint.port === undefined && endpoint.targetPort === undefined));
              return model.selectedBy(service).map((w) => ({ w, target: endpoint.targetPort !== undefined ? containerPortNamed(w, endpoint.targetPort) : port && containerPortOf(port, w) }));
            }),
      },
      {
        kind: 'PodMonitor',
        endpoints: 'podMetricsEndpoints',
        messageId: 'podMonitor',
        targets: (monitor: Resource, selector: LabelSelector, endpoint: Record<string, unknown>) =>
          model.workloads
            .filter((w) => inNamespaces(monitor, w.namespace) && matches(selector, w.labels))
            .map((w) => ({ w, target: typeof endpoint.portNumber === 'number' ? endpoint.portNumber : containerPortNamed(w, endpoint.port ?? endpoint.targetPort) })),
      },
    ] as const;
    for (const { kind, endpoints, messageId, targets } of monitorKinds) {
      for (const monitor of model.ofKind(kind)) {
        const selector = fromLabelSelector(monitor.spec.selector);
        asArray(monitor.spec[endpoints]).forEach((raw, i) => {
          const endpoint = asObj(raw);
          if (!endpoint || usesTls(endpoint)) return;
          // One finding per endpoint, at the first STRICT target.
          for (const { w, target } of targets(monitor, selector, endpoint)) {
            if (reportMonitor(monitor, ['spec', endpoints, i], messageId, w, target)) return;
          }
        });
      }
    }

    // Annotation-based scraping needs a Prometheus the input shows without a sidecar: its own config is not read.
    const scraper = scrapers(model.workloads, model.ofKind('Prometheus'), injected, (ns) => model.namespace(ns).labels).find((s) => !s.sidecar);
    if (!scraper) return;
    const meshMerge = use(facts.meshConfigs).main;
    const meshOff = meshMerge?.value.enablePrometheusMerge === false;
    for (const w of model.workloads) {
      if (w.annotations['prometheus.io/scrape'] !== 'true') continue;
      // The injector reads the pod's annotation first (strconv.ParseBool), then the mesh config.
      const written = w.annotations[MERGE_ANNOTATION];
      const podSays = written === undefined ? undefined : parseBool(written);
      const podOff = podSays === false;
      if (podSays === true || (!podOff && !meshOff)) continue;
      const target = Number(w.annotations['prometheus.io/port']);
      const mode = strictOn(w, Number.isInteger(target) && target > 0 ? target : undefined);
      if (!mode) continue;
      const merge = podOff ? `annotation ${MERGE_ANNOTATION}: "${written}"` : `enablePrometheusMerge: false in ${meshMerge?.origin ?? 'the mesh config'}`;
      report({
        resource: w.resource,
        path: w.metadataPath('annotations', 'prometheus.io/port'),
        messageId: 'annotationsWithoutMerging',
        data: { workload: w.display, targetPort: target, merge, scraper: scraper.display, mtls: describeMtls(mode) },
        fixId: 'keepMerging',
        related: [...mtlsNote(mode), { resource: scraper.resource, path: scraper.path, message: `${scraper.display} has no sidecar` }],
      });
    }
  },
});

function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** A container port given by number or by name, on this pod template. */
function containerPortNamed(w: Workload, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  return typeof port === 'string' ? w.resolveNamedPort(port)?.containerPort : undefined;
}

/** Prometheus servers the input shows: pods running the Prometheus image, and the operator's Prometheus resources. */
function scrapers(workloads: readonly Workload[], prometheuses: readonly Resource[], injected: (w: Workload) => boolean, nsLabels: (ns: string) => Record<string, string>): Scraper[] {
  const out: Scraper[] = [];
  for (const w of workloads) {
    const container = w.containers().find((c) => imageRepository(asString(c.container.image) ?? '') === 'prometheus');
    if (container) out.push({ display: w.display, resource: w.resource, path: [...container.path, 'image'], sidecar: injected(w) });
  }
  for (const p of prometheuses) {
    // The operator creates the pods: their injection follows podMetadata and the namespace's labels.
    const meta = asObj(p.spec.podMetadata);
    const own = stringMap(meta?.labels)['sidecar.istio.io/inject'] ?? stringMap(meta?.annotations)['sidecar.istio.io/inject'];
    const ns = nsLabels(p.namespace);
    const nsOn = ns['istio-injection'] === 'enabled' || (ns['istio.io/rev'] !== undefined && ns['istio-injection'] !== 'disabled');
    out.push({ display: p.display, resource: p, path: ['spec'], sidecar: own === 'true' || (own !== 'false' && nsOn) });
  }
  return out;
}
