import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { asString } from '../src/load/resource.js';
import { closest as closestName } from '../src/util/did-you-mean.js';
import type { LabelMiss } from '../src/facts/security/policy-reach.js';

/** What a policy that binds to nothing fails to do, by action. */
const EFFECT: Record<string, string> = {
  ALLOW: 'it protects nothing (and opens nothing either)',
  DENY: 'it denies nothing',
  AUDIT: 'it audits nothing',
  CUSTOM: 'nothing is sent to its external authorizer',
};

/** What a source namespace pattern that matches nothing does, by field and action. */
function patternEffect(field: 'namespaces' | 'notNamespaces', action: string): string {
  if (field === 'namespaces') return action === 'DENY' ? 'this source denies nobody' : action === 'ALLOW' ? 'this source admits nobody: the callers it was written for are not let in by it' : 'this source never matches';
  return action === 'DENY' ? 'the exclusion excludes nobody, so this source denies callers of every namespace' : action === 'ALLOW' ? 'the exclusion excludes nobody, so this source admits callers of every namespace' : 'the exclusion excludes nobody';
}

/** How the closest workload's pods differ on one selector entry. */
function describeMiss(miss: LabelMiss): string {
  if (miss.pods !== undefined) return `only ${miss.pods} for ${miss.key}`;
  return miss.carried === undefined ? `no ${miss.key} label` : `${miss.key}=${miss.carried} (not ${miss.wanted})`;
}

export default defineRule({
  meta: {
    id: 'authorization-policy-selects-nothing',
    cause: 'beyond',
    severity: 'warning',
    description: 'An AuthorizationPolicy selects no workload of the input (pod templates and StatefulSet pod identity, not only live Pods), or a source.namespaces / notNamespaces pattern matches no namespace of the input.',
    why:
      "A sidecar (or ztunnel) enforces a policy only when the policy binds to its workload: `selector.matchLabels` picks workloads of the policy's own namespace by pod labels (from the root namespace, of every namespace), no selector picks the whole namespace, and a root-namespace policy without a selector the whole mesh. A policy written for a StatefulSet with the wrong labels, or put in the wrong namespace, binds to nothing: an ALLOW policy protects nothing (the workload stays open, or stays closed by another policy), a DENY policy denies nothing, and istiod says nothing about it. The pods are read from pod templates, with the labels a StatefulSet adds to each pod (statefulset.kubernetes.io/pod-name and apps.kubernetes.io/pod-index for the ordinals its replicas produce); labels the manifests cannot show make the answer unknown and nothing is reported. Manifests are often partial, so a policy is judged only where the input shows what it could select: its namespace holds workloads of the input (for the root namespace, the input also declares its namespaces or holds the control plane's own workloads), or the input declares the cluster's namespaces (Namespace objects for two namespaces or more) and the policy's namespace is not among them. Source `namespaces` and `notNamespaces` patterns (exact, `prefix*`, `*suffix`, `*`) are matched against the namespaces of the input only when it declares the cluster's namespaces in that way: callers usually live in other namespaces, which a chart or one application's folder does not show. A `namespaces` pattern that matches nothing admits (or denies) nobody; a `notNamespaces` pattern that matches nothing excludes nobody. Policies attached by targetRef(s) to waypoints and gateways are not judged.",
    diagnose: [
      'kubectl -n <ns> get pods -l <selector> --show-labels',
      'istioctl x authz check <pod>.<ns> (the policies that apply to the pod)',
      'kubectl get namespaces',
    ],
    fix: 'Make the selector match the pod labels of the workload it is written for (a subset of the pod template labels; for one StatefulSet member, statefulset.kubernetes.io/pod-name: <sts>-<ordinal> below replicas), put the policy in the workload\'s namespace (or the root namespace for a mesh-wide one), and spell source namespaces as the namespaces are named.',
    sources: [
      'https://istio.io/latest/docs/reference/config/security/authorization-policy/ (selector and namespace scope; the root namespace; "exact, prefix, suffix and presence" matching of namespaces)',
      'https://istio.io/latest/docs/reference/config/type/workload-selector/#WorkloadSelector (the selector applies in the policy\'s namespace)',
      'https://istio.io/latest/docs/concepts/security/#authorization-policies',
      'istio/istio pkg/config/analysis/analyzers/authz/authorizationpolicies.go (istioctl analyze IST0127 NoMatchingWorkloadsFound and IST0101 for namespaces, over live Pods and Namespace objects only)',
      'https://kubernetes.io/docs/reference/labels-annotations-taints/#statefulset-kubernetes-io-pod-name',
    ],
    messages: {
      selectsNoWorkload: '{{policy}} ({{action}}) selects {{selector}}, but no workload of {{scope}} carries those labels{{closest}}: {{effect}}.',
      selectsOtherNamespace: '{{policy}} ({{action}}) selects {{selector}} in namespace {{namespace}}, but the workloads carrying those labels ({{elsewhere}}) run in another namespace, and a selector outside the root namespace binds only in its own: {{effect}}.',
      namespaceWithoutWorkloads: '{{policy}} ({{action}}) applies to all of namespace {{namespace}}, which the input neither declares (its Namespace objects are {{declared}}) nor runs any workload in: {{effect}}.',
      selectsOnlyOutsideMesh: '{{policy}} ({{action}}) selects only {{workloads}}, which get no sidecar and are not in an ambient namespace: no proxy enforces it, so {{effect}}.',
      namespacePatternMatchesNone: '{{policy}} ({{action}}) lists "{{pattern}}" under source.{{field}}, which matches no namespace of the input ({{namespaces}}){{suggestion}}: {{effect}}.',
    },
    fixes: {
      alignSelector: 'Make the selector match the pod template labels of the workload the policy is for, or move the policy to that workload\'s namespace.',
      spellNamespace: 'Spell the namespace as it is named, or remove the pattern.',
    },
    // The policy, its selector, namespace and pattern identify a finding; which workload comes closest and how the input's namespaces are listed describe it.
    volatileData: ['closest', 'elsewhere', 'declared', 'namespaces', 'suggestion', 'workloads', 'effect', 'scope'],
    uses: [facts.policyReach],
    requires: ['AuthorizationPolicy'],
    trace: { hops: ['authorization'] },
  },
  check({ model, use, report }) {
    const reaches = use(facts.policyReach);
    for (const policy of model.ofKind('AuthorizationPolicy')) {
      const action = (asString(policy.spec.action) ?? 'ALLOW').toUpperCase();
      const base = { policy: policy.display, action, effect: EFFECT[action] ?? 'it applies to nothing' };
      const reach = reaches.of(policy);
      if (reach.kind === 'none') {
        const selector = Object.entries(reach.selector).map(([k, v]) => `${k}=${v}`).join(',');
        if (reach.elsewhere.length > 0) {
          const related: RelatedTarget[] = reach.elsewhere.slice(0, 3).map((w) => ({ resource: w.resource, path: w.metadataPath('labels'), message: `${w.display} carries ${selector}` }));
          report({ resource: policy, path: ['metadata', 'namespace'], messageId: 'selectsOtherNamespace', data: { ...base, selector, namespace: policy.namespace, elsewhere: reach.elsewhere.map((w) => w.display).join(', ') }, fixId: 'alignSelector', related });
          continue;
        }
        const miss = reach.closest;
        const closest = miss ? `; the closest is ${miss.workload.display}, whose pods have ${miss.misses.map(describeMiss).join(', ')}` : '';
        const key = miss?.misses[0]?.key ?? Object.keys(reach.selector)[0];
        const related: RelatedTarget[] = miss ? [{ resource: miss.workload.resource, path: miss.workload.metadataPath('labels'), message: `${miss.workload.display}'s pod labels` }] : [];
        const scope = reach.meshScope ? 'the input, in any namespace (the policy is in the root namespace)' : `namespace ${policy.namespace} (${reach.candidates} in the input)`;
        report({ resource: policy, path: ['spec', 'selector', 'matchLabels', key as string], key: true, messageId: 'selectsNoWorkload', data: { ...base, selector, scope, closest }, fixId: 'alignSelector', related });
      } else if (reach.kind === 'emptyNamespace') {
        report({ resource: policy, path: ['metadata', 'namespace'], messageId: 'namespaceWithoutWorkloads', data: { ...base, namespace: policy.namespace, declared: reaches.declared.join(', ') } });
      } else if (reach.kind === 'selects' && reach.enforced.length === 0) {
        const related: RelatedTarget[] = reach.workloads.slice(0, 3).map((w) => ({ resource: w.resource, path: w.metadataPath(), message: `${w.display} has no sidecar` }));
        report({ resource: policy, path: policy.spec.selector ? ['spec', 'selector'] : ['metadata', 'namespace'], messageId: 'selectsOnlyOutsideMesh', data: { ...base, workloads: reach.workloads.map((w) => w.display).join(', ') }, related });
      }
      for (const unmatched of reaches.unmatchedNamespaces(policy)) {
        const exact = !unmatched.pattern.includes('*');
        const near = exact ? closestName(unmatched.pattern, reaches.namespaces) : undefined;
        const hint = near ? `; the closest is "${near}"` : '';
        report({
          resource: policy,
          path: unmatched.path,
          messageId: 'namespacePatternMatchesNone',
          data: { ...base, pattern: unmatched.pattern, field: unmatched.field, namespaces: reaches.namespaces.join(', '), suggestion: hint, effect: patternEffect(unmatched.field, action) },
          fixId: 'spellNamespace',
        });
      }
    }
  },
});
