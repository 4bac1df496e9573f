import { defineRule } from '../src/engine/rule.js';
import { facts } from '../src/facts/index.js';
import { hostCovers, type OrdinalRange } from '../src/facts/mesh/subsets.js';

export default defineRule({
  meta: {
    id: 'subset-unroutable',
    cause: 'beyond',
    severity: 'error',
    description: 'A DestinationRule subset selects no pod of its Service (pod-name and pod-index subsets checked against the StatefulSet\'s replicas), or a VirtualService routes or mirrors to a subset no DestinationRule defines: 503.',
    why:
      "A subset is the host's endpoints filtered by the subset labels: the Service selector and the subset labels together, on the labels the pods really carry. StatefulSet pods also carry statefulset.kubernetes.io/pod-name (<sts>-<ordinal>) and apps.kubernetes.io/pod-index, the usual way to route to one member of a headless cluster (the primary, a shard); a subset naming an ordinal the StatefulSet does not have (replicas, spec.ordinals.start, an autoscaler's maxReplicas) has no endpoint. istiod still builds the subset cluster, empty, so every request routed to it gets 503 with UH (no healthy upstream). A VirtualService that routes or mirrors to a subset no DestinationRule defines for the host points at a cluster that does not exist: 503 NC (no cluster found), and mirrored traffic silently vanishes. The pods are read from pod templates and StatefulSet identity, not from live Pods, so a pod-name subset is judged before the pods exist; labels the manifests cannot show (pod-template-hash, the injector's, a node's locality) make the subset unknown and nothing is reported. A subset whose labels no pod of the input carries is reported only when a VirtualService of the input routes to it (subsets are often written ahead for the pods of a later release); one that no pod can ever satisfy (a pod-name or pod-index beyond the replicas, a value the Service selector excludes, an empty locality label) is a warning until a route uses it. Nothing is said of a Service whose pods are not in the input, and a VirtualService whose host has no DestinationRule in the input at all yields a warning.",
    diagnose: [
      'kubectl -n <ns> get pods -l <service selector>,<subset labels> --show-labels',
      'istioctl proxy-config endpoint <client-pod>.<ns> --cluster "outbound|<port>|<subset>|<host>"',
      'istioctl proxy-config cluster <client-pod>.<ns> --fqdn <host> (a subset without a cluster is missing here)',
    ],
    fix: "Make the subset labels match the pods (for a StatefulSet member, statefulset.kubernetes.io/pod-name: <sts>-<ordinal> with an ordinal below replicas), and define every subset a VirtualService names in the DestinationRule for that host.",
    sources: [
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset (a subset is the endpoints of the service carrying its labels)',
      'https://istio.io/latest/docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule (a subset that no DestinationRule defines: 503)',
      'https://kubernetes.io/docs/reference/labels-annotations-taints/#statefulset-kubernetes-io-pod-name and #apps-kubernetes.io-pod-index (the labels a StatefulSet adds to each pod)',
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#start-ordinal (spec.ordinals.start)',
      'https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#config-access-log-format-response-flags (UH, NC)',
      'istio/istio pkg/kube/labels/labels.go AugmentLabels (region, zone, subzone, cluster, hostname and network are added to endpoint labels when not empty)',
      'istio/istio pkg/config/analysis/analyzers/destinationrule/podselector.go and virtualservice/destinationrules.go (istioctl analyze IST0173 and IST0101, over live Pods; istio/istio#51273)',
    ],
    messages: {
      selectsNoPod:
        'Subset {{subset}} of {{rule}} selects no pod of {{service}}: no pod of {{workloads}} carries {{key}}="{{value}}", and {{routed}}.',
      ordinalMissing:
        'Subset {{subset}} of {{rule}} asks for {{key}}={{value}}, but {{workloads}} has no such pod ({{pods}}): the subset has no endpoint, and {{routed}}.',
      contradictsSelector:
        'Subset {{subset}} of {{rule}} asks for {{key}}={{value}}, but {{service}} selects only pods with {{key}}={{selectorValue}}: the subset can have no endpoint, and {{routed}}.',
      emptyLocality:
        'Subset {{subset}} of {{rule}} asks for {{key}}="": istiod puts a locality label on an endpoint only when it is not empty, and no pod of {{service}} carries it itself, so the subset has no endpoint, and {{routed}}.',
      undefinedSubset:
        '{{virtualService}} {{sends}} subset {{subset}} of {{host}}, but {{rules}} define only [{{defined}}]: there is no such cluster, so {{effect}}.',
      noDestinationRule:
        '{{virtualService}} {{sends}} subset {{subset}} of {{host}}, but no DestinationRule of the input defines subsets for that host: unless one is applied from elsewhere, there is no such cluster and {{effect}}.',
    },
    fixes: {
      matchPods: 'Change the subset labels to labels the pods of {{service}} carry, or label the pod template.',
      existingOrdinal: 'Name an existing pod ({{pods}}), or raise the replicas.',
      dropEmptyLocality: 'Remove {{key}} from the subset labels, or give it the value of a region, zone or network the pods run in.',
      defineSubset: 'Add subset {{subset}} (with the labels of its pods) to the DestinationRule for {{host}}, or route to a defined subset.',
    },
    // The subset, the key and the host identify the finding; who carries what and which subsets
    // exist describe it.
    volatileData: ['workloads', 'pods', 'defined', 'rules', 'effect', 'sends', 'routed'],
    uses: [facts.subsets, facts.virtualServiceDestinations],
    requires: [['DestinationRule', 'VirtualService']],
    trace: { hops: ['transport'] },
  },
  check({ use, report }) {
    const subsets = use(facts.subsets);
    const destinations = use(facts.virtualServiceDestinations);
    for (const subset of subsets.all) {
      const reach = subset.reach;
      if (reach.kind === 'selects' || reach.kind === 'unknown' || reach.kind === 'unseen') continue;
      const route = destinations.find((d) => d.subset === subset.name && hostCovers(subset.host, d.host));
      // A subset written ahead for pods of a later release is harmless until a route uses it;
      // one that no pod can ever satisfy is a mistake in the rule either way.
      if (reach.kind === 'none' && !reach.ordinals && !route) continue;
      const severity = route ? undefined : ('warning' as const);
      const routed = route ? `${route.virtualService.display} ${route.mirror ? 'mirrors' : 'routes'} to it, so its requests get 503 (UH, no healthy upstream)` : 'any route to it would get 503 (UH, no healthy upstream)';
      const related = route ? [{ resource: route.virtualService, path: [...route.path, 'subset'], message: `${route.virtualService.display} sends to subset ${subset.name}` }] : [];
      const base = { subset: subset.name, rule: subset.rule.display, service: subset.service?.display ?? subset.host, key: reach.key, value: subset.labels[reach.key] ?? '', routed };
      const at = { resource: subset.rule, path: [...subset.path, 'labels', reach.key], severity };
      if (reach.kind === 'contradicts') {
        report({ ...at, key: true, messageId: 'contradictsSelector', data: { ...base, selectorValue: reach.selectorValue }, fixId: 'matchPods', related });
      } else if (reach.kind === 'emptyLocality') {
        report({ ...at, key: true, messageId: 'emptyLocality', data: base, fixId: 'dropEmptyLocality', related });
      } else if (reach.ordinals) {
        const pods = reach.ordinals.map(podRange).join('; ');
        const replicas = reach.ordinals.map((r) => ({ resource: r.workload.resource, path: ['spec', 'replicas'], message: `${r.workload.display}: ${podRange(r)}` }));
        report({ ...at, messageId: 'ordinalMissing', data: { ...base, workloads: reach.ordinals.map((r) => r.workload.display).join(', '), pods }, fixId: 'existingOrdinal', related: [...related, ...replicas] });
      } else {
        const pods = reach.workloads.map((w) => ({ resource: w.resource, path: w.metadataPath('labels'), message: `pods of ${w.display}` }));
        report({ ...at, key: true, messageId: 'selectsNoPod', data: { ...base, workloads: reach.workloads.map((w) => w.display).join(', ') }, fixId: 'matchPods', related: [...related, ...pods] });
      }
    }
    for (const dest of destinations) {
      if (!dest.subset) continue;
      const defined = subsets.definedFor(dest.host);
      if (defined.some((s) => s.name === dest.subset)) continue;
      const rules = subsets.rulesFor(dest.host);
      const data = {
        virtualService: dest.virtualService.display,
        sends: dest.mirror ? 'mirrors to' : 'routes to',
        subset: dest.subset,
        host: dest.host,
        effect: dest.mirror ? 'the mirrored copies are dropped' : 'requests on this route get 503 (NC, no cluster found)',
        rules: rules.map((r) => r.display).join(', '),
        defined: [...new Set(defined.map((s) => s.name))].join(', '),
      };
      const related = rules.map((r) => ({ resource: r, path: ['spec', 'subsets'], key: true, message: `${r.display} is the DestinationRule for ${dest.host}` }));
      const at = { resource: dest.virtualService, path: [...dest.path, 'subset'] };
      if (rules.length > 0) report({ ...at, messageId: 'undefinedSubset', data, fixId: 'defineSubset', related, severity: dest.mirror ? 'warning' : undefined });
      else report({ ...at, messageId: 'noDestinationRule', data, fixId: 'defineSubset', severity: 'warning' });
    }
  },
});

/** `db-0 to db-2`, as the pods of a StatefulSet are named. */
function podRange({ workload, first, count }: OrdinalRange): string {
  if (count === 0) return 'no pods, replicas: 0';
  return count === 1 ? `only ${workload.name}-${first}` : `${workload.name}-${first} to ${workload.name}-${first + count - 1}`;
}
