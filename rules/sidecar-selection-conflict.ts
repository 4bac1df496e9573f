import { defineRule } from '../src/engine/rule.js';
import { facts } from '../src/facts/index.js';
import type { RuleContext } from '../src/engine/types.js';
import { hasWorkloadSelector, precedence, selectorLabels, type Sidecars } from '../src/facts/mesh/sidecar-scope.js';
import type { Resource } from '../src/load/resource.js';
import { WORKLOAD_KINDS, type Workload } from '../src/model/workload.js';

export default defineRule({
  meta: {
    id: 'sidecar-selection-conflict',
    cause: 4,
    severity: 'error',
    description: 'Several Sidecars compete for the same proxies (overlapping workloadSelectors, or more than one without a selector in a namespace): which one applies depends on creation order, which manifests do not show.',
    why:
      "istiod gives each proxy exactly one Sidecar: among those of the proxy's namespace whose workloadSelector labels the pod carries, the oldest (creation time, then name); if none selects it, the oldest of the namespace's Sidecars without a workloadSelector; failing that, the oldest selector-less one of the mesh root namespace. Two Sidecars that select the same pods, or two without selector in one namespace, are therefore decided by the order they were created, so re-applying the manifests in another order (a new cluster, a restored backup, a GitOps resync after a delete) silently swaps which egress hosts, ingress ports and outbound policy the proxies get: a headless Service visible yesterday is passthrough today. A `workloadSelector: {}` is a selector for istiod: it selects every pod of its namespace and outranks a Sidecar without selector, which then applies to no proxy. Pod templates are read, not only live pods; when every competing Sidecar shows a creationTimestamp (an export from a live cluster), the order is known and nothing is reported.",
    diagnose: [
      'kubectl -n <ns> get sidecar -o custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,SELECTOR:.spec.workloadSelector',
      'istioctl proxy-config listener <pod>.<ns> (the listeners show which Sidecar applied)',
      'istioctl analyze -n <ns> (IST0110, IST0111: live pods only)',
    ],
    fix: 'Keep one Sidecar per set of pods: merge the competing ones, or make their workloadSelectors disjoint; keep one Sidecar without selector per namespace, and write no `workloadSelector: {}` beside it.',
    sources: [
      'https://istio.io/latest/docs/reference/config/networking/sidecar/ (one Sidecar without workloadSelector per namespace; the behaviour with several selecting one workload is undefined)',
      'istio/istio pilot/pkg/model/push_context.go initSidecarScopes (Sidecars sorted by creation time; those with a workloadSelector, nil or not, before those without; the root namespace default)',
      'istio/istio pilot/pkg/model/config.go sortConfigByCreationTime (creation time, then name, then namespace)',
      'istio/istio pkg/config/analysis/analyzers/sidecar/selector.go and defaultselector.go (istioctl analyze IST0110 and IST0111, over live pods)',
    ],
    messages: {
      selectorsOverlap:
        '{{sidecar}} and {{others}} all select {{workloads}}: istiod applies only the oldest of them to those proxies, and the manifests do not show which was created first, so their egress hosts, ingress and outbound policy depend on the order the Sidecars were applied.',
      namespaceWideTwice:
        '{{sidecar}} and {{others}} both have no workloadSelector in namespace {{namespace}}: istiod applies only the oldest as the namespace default, and the manifests do not show which was created first.',
      shadowedByEmptySelector:
        '{{sidecar}} has no workloadSelector, but {{shadow}} has an empty one, which selects every pod of namespace {{namespace}} and outranks a Sidecar without selector: {{sidecar}} applies to no proxy.',
    },
    fixes: {
      mergeOrSplit: 'Merge {{sidecar}} and {{others}} into one Sidecar, or give them workloadSelectors that no pod satisfies both of.',
      keepOneDefault: 'Keep one Sidecar without workloadSelector in namespace {{namespace}}: merge {{sidecar}} and {{others}}.',
      dropEmptySelector: 'Remove the empty workloadSelector of {{shadow}} (then the oldest of the two applies), or merge the two Sidecars.',
    },
    // The Sidecars identify the finding; which workloads they both select describes it.
    volatileData: ['workloads'],
    uses: [facts.sidecars],
    requires: ['Sidecar'],
    reads: [...WORKLOAD_KINDS],
  },
  check({ model, use, report }) {
    const scopes = use(facts.sidecars);
    const byNamespace = new Map<string, Resource[]>();
    for (const s of scopes.all) byNamespace.set(s.namespace!, [...(byNamespace.get(s.namespace!) ?? []), s]);
    for (const [namespace, sidecars] of byNamespace) {
      const withoutSelector = sidecars.filter((s) => !hasWorkloadSelector(s));
      const empty = sidecars.filter((s) => hasWorkloadSelector(s) && Object.keys(selectorLabels(s) ?? {}).length === 0);
      const emptyWinner = precedence(empty)?.winner;
      if (emptyWinner) {
        for (const sidecar of withoutSelector) {
          report({
            resource: sidecar,
            path: ['metadata', 'name'],
            messageId: 'shadowedByEmptySelector',
            data: { sidecar: sidecar.display, shadow: emptyWinner.display, namespace },
            fixId: 'dropEmptySelector',
            related: [{ resource: emptyWinner, path: ['spec', 'workloadSelector'], key: true, message: `${emptyWinner.display} selects every pod of ${namespace}` }],
          });
        }
        continue;
      }
      const defaults = precedence(withoutSelector);
      if (defaults && defaults.rivals.length > 0) {
        const group = [defaults.winner, ...defaults.rivals];
        for (const sidecar of group) {
          const others = group.filter((s) => s !== sidecar);
          report({
            resource: sidecar,
            path: ['metadata', 'name'],
            messageId: 'namespaceWideTwice',
            data: { sidecar: sidecar.display, others: others.map((s) => s.display).join(', '), namespace },
            fixId: 'keepOneDefault',
            related: others.map((s) => ({ resource: s, path: ['metadata', 'name'], message: `${s.display} has no workloadSelector either` })),
          });
        }
      }
    }
    reportOverlaps(model.workloads, scopes, report);
  },
});

/** Sidecars with workloadSelectors that select the same pod templates, once per group of Sidecars. */
function reportOverlaps(workloads: readonly Workload[], scopes: Sidecars, report: RuleContext['report']): void {
  const groups = new Map<string, { sidecars: Resource[]; workloads: string[] }>();
  for (const workload of workloads) {
    const scope = scopes.of(workload);
    if (!scope || scope.how !== 'workloadSelector' || scope.rivals.length === 0) continue;
    const sidecars = [scope.sidecar, ...scope.rivals];
    const key = sidecars.map((s) => s.display).join('|');
    const group = groups.get(key) ?? { sidecars, workloads: [] };
    group.workloads.push(workload.display);
    groups.set(key, group);
  }
  for (const { sidecars, workloads: selected } of groups.values()) {
    for (const sidecar of sidecars) {
      const others = sidecars.filter((s) => s !== sidecar);
      report({
        resource: sidecar,
        path: ['spec', 'workloadSelector'],
        key: true,
        messageId: 'selectorsOverlap',
        data: { sidecar: sidecar.display, others: others.map((s) => s.display).join(', '), workloads: selected.join(', ') },
        fixId: 'mergeOrSplit',
        related: others.map((s) => ({ resource: s, path: ['spec', 'workloadSelector'], key: true, message: `${s.display} selects the same pods` })),
      });
    }
  }
}
