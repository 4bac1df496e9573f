import { defineRule } from '../src/engine/rule.js';
import { facts } from '../src/facts/index.js';
import { describeEntry, type InjectorEntry } from '../src/facts/injection/injector-webhooks.js';
import { INJECT_KEY, NS_INJECTION_LABEL, REV_LABEL } from '../src/facts/injection/injection.js';
import { asArray, asObj } from '../src/load/resource.js';
import type { Model } from '../src/model/model.js';
import { METADATA_NAME_LABEL } from '../src/model/namespaces.js';
import { matches, type Labels } from '../src/model/selector.js';
import { commonLabels } from '../src/model/selector-overlap.js';
import { WORKLOAD_KINDS } from '../src/model/workload.js';

/** The labels a namespace and a pod carry to ask Istio for injection: the only ones compared. */
const NAMESPACE_KEYS = [NS_INJECTION_LABEL, REV_LABEL, METADATA_NAME_LABEL];
const POD_KEYS = [INJECT_KEY, REV_LABEL];

function target(e: InjectorEntry): string {
  return e.service ? `service ${e.service.namespace}/${e.service.name}:${e.service.port}` : `url ${e.url ?? ''}`;
}

function describeLabels(labels: Labels, what: string): string {
  const pairs = Object.entries(labels).filter(([k]) => k !== METADATA_NAME_LABEL);
  const named = labels[METADATA_NAME_LABEL] !== undefined ? ` ${labels[METADATA_NAME_LABEL]}` : '';
  return pairs.length > 0 ? `${what}${named} labelled ${pairs.map(([k, v]) => `${k}=${v}`).join(', ')}` : `${what}${named} without Istio labels`;
}

function lastOf(e: InjectorEntry): string {
  return `${e.configuration.name} (${target(e)})`;
}

/** The API server calls configurations in name order, and the entries of one in their order. */
function calledLast(entries: InjectorEntry[]): InjectorEntry {
  return [...entries].sort((a, b) => (a.configuration.name < b.configuration.name ? -1 : a.configuration.name > b.configuration.name ? 1 : a.index - b.index)).at(-1) as InjectorEntry;
}

interface Overlap {
  entry: InjectorEntry;
  other: InjectorEntry;
  namespaceLabels: Labels;
  podLabels: Labels;
}

/** Pod templates of the input, in namespaces it shows, that both entries are called for. */
function affected(model: Model, a: InjectorEntry, b: InjectorEntry): string[] {
  return model.workloads
    .filter((w) => {
      const ns = model.namespace(w.namespace);
      return ns.known && [a, b].every((e) => matches(e.namespaceSelector, ns.labels) && matches(e.objectSelector, w.labels));
    })
    .map((w) => w.display);
}

export default defineRule({
  meta: {
    id: 'injector-webhooks-overlap',
    cause: 3,
    severity: 'error',
    description: 'Two sidecar injector webhooks are called for the same pods, so each such pod is injected twice and keeps the proxy of whichever injector the API server calls last.',
    why:
      "The API server calls every mutating webhook whose namespaceSelector and objectSelector match a new pod, one configuration after the other in name order. Istio's injector does not refuse a pod injected already: it strips the proxy the earlier call added (inject.go stripPod) and injects its own. A pod matched by two injectors therefore starts with the proxy, the istiod address, the mesh settings and the revision of the one called last, whatever revision its labels ask for: after a canary upgrade half the StatefulSet's peers may run another revision than intended, and with both injectors pointing at one istiod the pod is injected twice for nothing. The chart's own entries never overlap (each requires or forbids istio-injection and istio.io/rev), nor do a canary revision's or a revision tag's; `istioctl tag set default` switches the old default injector off by making it select `istio.io/deactivated: never-match`, and an injector left on beside the `default` tag overlaps it. Selectors are compared on the injection labels (istio-injection, istio.io/rev and the namespace name on namespaces, sidecar.istio.io/inject and istio.io/rev on pods): an entry that needs any other label is taken to select nothing.",
    diagnose: [
      'kubectl get mutatingwebhookconfigurations -l app=sidecar-injector -L istio.io/rev -L istio.io/tag',
      'kubectl get mutatingwebhookconfiguration <name> -o yaml',
      'istioctl analyze (IST0139)',
      'istioctl tag list',
    ],
    fix: 'Keep one injector per namespace and pod label set: delete the stale configuration, or switch it off as `istioctl tag set default --revision <rev>` does (its selectors then require istio.io/deactivated: never-match).',
    sources: [
      'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#matching-requests-namespaceselector',
      'kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/admission/configuration/mutating_webhook_manager.go (configurations sorted by name)',
      'istio/istio pkg/kube/inject/inject.go stripPod (an injected pod is stripped and injected again)',
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml (the disjoint rev.namespace, rev.object, namespace and object entries)',
      'istio/istio istioctl/pkg/tag/util.go DeactivateIstioInjectionWebhook and istioctl/pkg/util/common.go NeverMatch',
      'istio/istio pkg/config/analysis/analyzers/webhook/webhook.go (istioctl analyze IST0139 InvalidWebhook, over the same labels)',
    ],
    messages: {
      injectorsOverlap:
        "{{webhook}} and {{others}} are both called for {{pods}} in {{namespaces}}{{affected}}: each such pod is injected twice, the later injector replacing the earlier one's proxy, so it runs the proxy of {{last}}, called last in name order, whatever revision its labels ask for.",
      sameInjectorTwice:
        '{{webhook}} and {{others}} are both called for {{pods}} in {{namespaces}}{{affected}}, and both call {{target}}: each such pod is injected twice by the same injector, and which entry is meant cannot be told.',
    },
    fixes: {
      keepOne: 'Make the selectors disjoint, or delete or deactivate the stale configuration (`istioctl tag set default --revision <rev>` deactivates the old default injector).',
    },
    volatileData: ['pods', 'namespaces', 'affected', 'last'],
    uses: [facts.injectorWebhooks],
    reads: ['Namespace', ...WORKLOAD_KINDS],
    requires: ['MutatingWebhookConfiguration'],
  },
  check({ model, use, report }) {
    const entries = use(facts.injectorWebhooks);
    const overlaps: Overlap[] = [];
    entries.forEach((a, i) => {
      for (const b of entries.slice(i + 1)) {
        // Two copies of one configuration are a duplicate (duplicate-resource), not two injectors.
        if (a.configuration !== b.configuration && a.configuration.display === b.configuration.display) continue;
        const namespaceLabels = commonLabels(a.namespaceSelector, b.namespaceSelector, NAMESPACE_KEYS);
        const podLabels = namespaceLabels && commonLabels(a.objectSelector, b.objectSelector, POD_KEYS);
        if (namespaceLabels && podLabels) overlaps.push({ entry: a, other: b, namespaceLabels, podLabels }, { entry: b, other: a, namespaceLabels, podLabels });
      }
    });
    const byEntry = new Map<InjectorEntry, Overlap[]>();
    for (const o of overlaps) byEntry.set(o.entry, [...(byEntry.get(o.entry) ?? []), o]);
    for (const [entry, found] of byEntry) {
      const first = found[0] as Overlap;
      const others = found.map((o) => o.other);
      const workloads = [...new Set(found.flatMap((o) => affected(model, entry, o.other)))];
      const shown = workloads.slice(0, 3).join(', ') + (workloads.length > 3 ? ` and ${workloads.length - 3} more` : '');
      const data = {
        webhook: describeEntry(entry),
        others: others.map(describeEntry).join(', '),
        pods: describeLabels(first.podLabels, 'pods'),
        namespaces: describeLabels(first.namespaceLabels, 'a namespace'),
        affected: workloads.length > 0 ? ` (in this input: ${shown})` : '',
      };
      const same = others.every((o) => target(o) === target(entry));
      const written = asObj(asArray(entry.configuration.value.webhooks)[entry.index]) ?? {};
      const hasSelector = (field: string) => written[field] !== undefined;
      const field = hasSelector('namespaceSelector') ? 'namespaceSelector' : hasSelector('objectSelector') ? 'objectSelector' : 'name';
      report({
        resource: entry.configuration,
        path: [...entry.path, field],
        key: field !== 'name',
        messageId: same ? 'sameInjectorTwice' : 'injectorsOverlap',
        severity: same ? 'warning' : undefined,
        data: same ? { ...data, target: target(entry) } : { ...data, last: lastOf(calledLast([entry, ...others])) },
        fixId: 'keepOne',
        related: others.map((o) => ({ resource: o.configuration, path: o.path, message: `${describeEntry(o)} selects the same pods` })),
      });
    }
  },
});
