import { facts } from '../src/facts/index.js';
import type { Analysis } from '../src/facts/store.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget, RuleContext } from '../src/engine/types.js';
import type { Workload } from '../src/model/workload.js';
import { asObj, scalarText, type Resource } from '../src/load/resource.js';
import { closest } from '../src/util/did-you-mean.js';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const MATCHES_NOTHING = '{{service}} is headless but its selector {{selector}} matches no pod template in namespace {{namespace}}: its DNS name returns no addresses and Istio builds no listener for it';

export default defineRule({
  meta: {
    id: 'headless-selector-matches-nothing',
    cause: 2,
    severity: 'error',
    description: "A headless Service's selector matches no pod template in its namespace (selector-less: no Endpoints or EndpointSlice for it in the input).",
    why:
      'A headless Service has no virtual IP: its DNS name answers with the addresses of its endpoints, and the per-pod names exist only for endpoints. A selector that matches no pod gives an empty answer (NXDOMAIN for the per-pod names), and istiod builds no listener at all for a headless Service without endpoints, so every call fails or falls through to passthrough. In a multi-cluster run (--cluster) a Service whose pods run only in another cluster of the mesh is not reported: that is Istio\'s namespace sameness, and istiod adds the other cluster\'s endpoints to it.',
    diagnose: [
      'kubectl -n <ns> get service <name> -o jsonpath="{.spec.selector}"',
      'kubectl -n <ns> get endpointslices -l kubernetes.io/service-name=<name>',
      'kubectl -n <ns> get pods --show-labels',
    ],
    fix: "Make spec.selector a subset of the pod template's labels (same keys, same values), or the template's labels match the selector. A selector-less headless Service needs Endpoints or EndpointSlices (label kubernetes.io/service-name: <service>) that list the addresses.",
    sources: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#headless-services',
      'https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors',
      'istio/istio pilot/pkg/networking/core/listener.go (no listener for a headless Kubernetes Service without instances)',
    ],
    messages: {
      matchesNothing: `${MATCHES_NOTHING}.`,
      closestDiffers: `${MATCHES_NOTHING}. The closest is {{closest}}, whose pods have {{differences}}.`,
      mayMatchLater: `${MATCHES_NOTHING} (unless an operator or another bundle creates those pods).`,
      noSelectorNoEndpoints:
        '{{service}} is headless and has no selector, and the input has no Endpoints {{namespace}}/{{name}} or EndpointSlice labelled kubernetes.io/service-name={{name}}: its DNS name returns no addresses unless something else creates them.',
    },
    fixes: {
      alignSelector: 'Align the selector with the pod labels (or the labels with the selector): {{keys}}.',
      subsetOfPodLabels: 'Make the selector a subset of the pod template labels of the workload that should serve this Service.',
      addEndpoints: 'Add a selector matching the pods, or ship an EndpointSlice labelled kubernetes.io/service-name: {{name}} (or an Endpoints object named {{name}}) listing the addresses.',
    },
    // The closest pod template and how its labels differ describe the finding: another workload
    // may come closer; the Service and its selector identify it.
    volatileData: ['closest', 'differences'],
    uses: [facts.headless, facts.headlessUses, facts.servedElsewhere],
    requires: ['Service'],
    reads: ['Endpoints', 'EndpointSlice'],
  },
  check({ model, use, report }) {
    const elsewhere = use(facts.servedElsewhere);
    for (const service of model.services) {
      if (!use(facts.headless).shapeOf(service).headless) continue;
      const selector = asObj(service.spec.selector);
      if (!selector || Object.keys(selector).length === 0) {
        checkSelectorless({ model, use }, service, report);
        continue;
      }
      if (model.selectedBy(service).length > 0) continue;
      const want = Object.keys(selector).map((k) => [k, scalarText(selector[k]) ?? ''] as const);
      const miss = nearMiss(model.workloadsIn(service.namespace), want);
      // Workloads whose pods take this Service as their DNS subdomain: they are in the input, so the selector is wrong.
      const governed = owners({ model, use }, service);
      const related: RelatedTarget[] = governed.map(({ w, via }) => ({ resource: w.resource, path: w.metadataPath('labels'), message: `${w.display} names this Service as ${via}; its pods carry ${describe(w.labels)}` }));
      let messageId = 'mayMatchLater';
      const data: Record<string, string> = { service: service.display, selector: want.map(([k, v]) => `${k}=${v}`).join(','), namespace: service.namespace };
      let path = ['spec', 'selector'];
      if (miss) {
        messageId = 'closestDiffers';
        data.closest = miss.workload.display;
        data.differences = miss.differences.map(([k, v]) => (miss.workload.labels[k] === undefined ? `no ${k} label` : `${k}=${miss.workload.labels[k]} (not ${v})`)).join(', ');
        data.keys = miss.differences.map(([k]) => k).join(', ');
        const first = miss.differences[0] as readonly [string, string];
        path = ['spec', 'selector', first[0]];
        if (!governed.some((g) => g.w === miss.workload)) related.push({ resource: miss.workload.resource, path: miss.workload.metadataPath('labels'), message: `${miss.workload.display}'s pod labels` });
      } else if (governed.length > 0) {
        messageId = 'matchesNothing';
      } else if (elsewhere.has(service)) {
        // Namespace sameness: the pods run in another cluster of the mesh, and Istio adds their endpoints here.
        continue;
      }
      report({
        resource: service,
        path,
        severity: messageId === 'mayMatchLater' ? 'warning' : undefined,
        messageId,
        data,
        fixId: miss ? 'alignSelector' : 'subsetOfPodLabels',
        related,
      });
    }
  },
});

function checkSelectorless({ model }: Analysis, service: Resource, report: RuleContext['report']) {
  const ns = service.namespace;
  if (model.get('Endpoints', ns, service.name)) return;
  if (model.ofKind('EndpointSlice').some((s) => s.namespace === ns && s.labels[SERVICE_NAME_LABEL] === service.name)) return;
  report({
    resource: service,
    path: ['spec', 'selector'],
    severity: 'warning',
    messageId: 'noSelectorNoEndpoints',
    data: { service: service.display, namespace: ns, name: service.name },
    fixId: 'addEndpoints',
  });
}

interface NearMiss {
  workload: Workload;
  /** selector entries the pods do not satisfy */
  differences: (readonly [string, string])[];
}

/**
 * The pod template that misses the selector by the fewest entries, among those that are near:
 * they satisfy part of the selector, or carry one of its keys with a value a typo away.
 */
function nearMiss(workloads: readonly Workload[], want: (readonly [string, string])[]): NearMiss | undefined {
  let best: NearMiss | undefined;
  for (const workload of workloads) {
    const labels = workload.labels;
    const differences = want.filter(([k, v]) => labels[k] !== v);
    const partial = differences.length < want.length;
    const typo = differences.some(([k, v]) => labels[k] !== undefined && closest(v, [labels[k] as string]) !== undefined);
    if (!partial && !typo) continue;
    if (!best || differences.length < best.differences.length) best = { workload, differences };
  }
  return best;
}

function owners({ model, use }: Analysis, service: Resource): { w: Workload; via: string }[] {
  const out: { w: Workload; via: string }[] = [];
  for (const entry of use(facts.headlessUses).of(service)) {
    if (entry.via === 'per-pod-name') continue;
    const w = model.workloadOf(entry.by);
    if (w && !out.some((o) => o.w === w)) out.push({ w, via: entry.via === 'serviceName' ? 'serviceName' : 'the pods\' subdomain' });
  }
  return out;
}

function describe(labels: Record<string, string>): string {
  const entries = Object.keys(labels).map((k) => `${k}=${labels[k]}`);
  return entries.length > 0 ? entries.join(',') : 'no labels';
}
