import { facts } from '../src/facts/index.js';
import type { Analysis } from '../src/facts/store.js';
import { suggestions } from '../src/fix/repairs.js';
import { setValue } from '../src/fix/edits.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import type { Workload } from '../src/model/workload.js';
import { fromMap, matches } from '../src/model/selector.js';
import { asObj, asString, type Resource } from '../src/load/resource.js';
import { closest, levenshtein } from '../src/util/did-you-mean.js';

const NO_SERVICE = '{{statefulSet}} names serviceName "{{name}}" but the input has no Service {{namespace}}/{{name}}: per-pod DNS names such as {{perPodName}} will not resolve';

export default defineRule({
  meta: {
    id: 'statefulset-service-missing',
    cause: 2,
    severity: 'error',
    description: "A StatefulSet's serviceName names no Service in its namespace.",
    why:
      "The StatefulSet controller sets every pod's subdomain to serviceName; the per-pod DNS names (<sts>-<n>.<serviceName>.<ns>.svc.<domain>) exist only while a headless Service of exactly that name exists in the same namespace. With a typo or a missing Service, peers and clients that address replicas by name get NXDOMAIN, and Istio has no Service to build per-pod listeners for. The warning variant is used when nothing in the input shows the names are needed: the Service may come from another bundle, and since Kubernetes 1.33 serviceName is optional. When, in addition, the StatefulSet runs a single replica, it has no peers to find and the finding is an info (the Keycloak operator docs' example PostgreSQL names a serviceName no manifest creates and works).",
    diagnose: [
      'kubectl -n <ns> get statefulset <name> -o jsonpath="{.spec.serviceName}"',
      'kubectl -n <ns> get service <serviceName>',
      'kubectl -n <ns> exec <pod> -- nslookup <sts>-0.<serviceName>.<ns>.svc.cluster.local',
    ],
    fix: 'Create the headless Service (clusterIP: None, selecting the pods) with the name serviceName gives, or correct serviceName. spec.serviceName cannot be changed on an existing StatefulSet: recreate it (kubectl delete statefulset <name> --cascade=orphan, then apply) so the pods stay up.',
    sources: [
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id ("You are responsible for creating the headless Service")',
      'kubernetes/kubernetes pkg/controller/statefulset/stateful_set_utils.go (initIdentity: pod subdomain = serviceName)',
      'https://github.com/kubernetes/kubernetes/pull/130233 (serviceName marked optional, validated as a DNS label)',
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
    ],
    messages: {
      misspelled: `${NO_SERVICE}. Did you mean "{{meant}}"? It selects these pods.{{elsewhereHint}}`,
      inOtherNamespace: `${NO_SERVICE}.{{closestHint}} A Service of that name exists in namespace {{namespaces}}, but serviceName only looks in the StatefulSet's own namespace.`,
      missingWhileCalled: `${NO_SERVICE}.{{closestHint}}{{elsewhereHint}}`,
      missing: `${NO_SERVICE} unless another bundle creates that Service.{{closestHint}}{{elsewhereHint}}`,
    },
    fixes: {
      setServiceName: 'Set serviceName: {{meant}} (recreate the StatefulSet with --cascade=orphan: the field is immutable), or rename the Service.',
      createInNamespace: 'Create the headless Service in namespace {{namespace}}: serviceName never refers to another namespace.',
      createService: 'Create a headless Service {{namespace}}/{{name}} (clusterIP: None) selecting the pods, or correct serviceName.',
      pointServiceName: 'Set serviceName: {{meant}}.',
    },
    fixable: {
      suggestions: 'Pointing serviceName at the Service that selects the pods changes the pods\' DNS subdomain, and serviceName is immutable (the StatefulSet must be recreated with --cascade=orphan); renaming the Service instead is as good a cure. A human chooses.',
    },
    // The StatefulSet, the name it gives and the Service it probably meant identify a finding;
    // the hints about other Services (a headless near-namesake that selects other pods, namesakes
    // in other namespaces) describe it.
    volatileData: ['closestHint', 'elsewhereHint', 'namespaces'],
    uses: [facts.callers, facts.headless],
    requires: ['StatefulSet'],
  },
  check({ model, use, report }) {
    for (const workload of model.workloads) {
      if (workload.kind !== 'StatefulSet') continue;
      const name = asString(workload.resource.spec.serviceName);
      // An absent or empty serviceName is allowed: the pods just get no per-pod DNS names.
      if (!name || model.get('Service', workload.namespace, name)) continue;
      const ns = workload.namespace;
      const related: RelatedTarget[] = [];
      const meant = intendedService({ model, use }, workload, name);
      let closestHint = '';
      if (meant) {
        related.push({ resource: meant, path: ['metadata', 'name'], message: `${meant.display} selects the StatefulSet's pods` });
      } else {
        // Only a headless near-namesake is a credible typo; a load-balanced Service with a similar name is another component.
        const near = closest(name, headlessIn({ model, use }, ns).map((s) => s.name));
        if (near) closestHint = ` The closest headless Service in the namespace is "${near}", but it does not select these pods.`;
      }
      const elsewhere = model.services.filter((s) => s.name === name && s.namespace !== ns);
      for (const other of elsewhere) related.push({ resource: other, path: ['metadata', 'name'], message: `${other.display} has the name but lives in another namespace` });
      const namespaces = [...new Set(elsewhere.map((s) => s.namespace))].join(', ');
      const elsewhereHint = elsewhere.length > 0 ? ` A Service of that name exists in namespace ${namespaces}, but serviceName only looks in the StatefulSet's own namespace.` : '';
      const misplaced = elsewhere.some((s) => selects(s, workload));
      const calls = use(facts.callers).references.filter((r) => !r.service && r.parts.pod !== undefined && r.parts.service === name && r.namespace === ns);
      for (const call of calls) related.push({ resource: call.resource, path: call.path, located: call.located, message: `${call.caller.display} calls the per-pod name ${call.name}` });
      const messageId = meant ? 'misspelled' : misplaced ? 'inOtherNamespace' : calls.length > 0 ? 'missingWhileCalled' : 'missing';
      report({
        resource: workload.resource,
        path: ['spec', 'serviceName'],
        severity: messageId === 'missing' ? (peersNeedNames(workload) ? 'warning' : 'info') : undefined,
        messageId,
        data: { statefulSet: workload.display, name, namespace: ns, perPodName: `${workload.name}-0.${name}.${ns}.svc`, meant: meant?.name ?? '', closestHint, elsewhereHint, namespaces },
        fixId: meant ? 'setServiceName' : misplaced ? 'createInNamespace' : 'createService',
        ...(meant ? suggestions({ fixId: 'pointServiceName', edits: [setValue(['spec', 'serviceName'], meant.name)] }) : {}),
        related,
      });
    }
  },
});

/**
 * Whether the replicas themselves may look each other up by per-pod name: only a StatefulSet with
 * more than one replica has peers. A single replica that nothing in the input calls by its
 * per-pod name loses nothing visible without the Service.
 */
function peersNeedNames(workload: Workload): boolean {
  return (workload.replicas ?? 1) > 1;
}

/** A Service in the namespace that selects the pods and is headless or named almost like serviceName: the one meant. */
function intendedService({ model, use }: Analysis, workload: Workload, name: string): Resource | undefined {
  const selecting = model.services.filter((s) => s.namespace === workload.namespace && model.selectedBy(s).includes(workload));
  const near = new Set(selecting.filter((s) => closest(name, [s.name]) !== undefined));
  const candidates = selecting.filter((s) => use(facts.headless).shapeOf(s).headless || near.has(s));
  candidates.sort((a, b) => rank(a) - rank(b) || levenshtein(name, a.name) - levenshtein(name, b.name));
  return candidates[0];

  function rank(s: Resource): number {
    return use(facts.headless).shapeOf(s).headless ? 0 : 1;
  }
}

function headlessIn({ model, use }: Analysis, namespace: string): Resource[] {
  return model.services.filter((s) => s.namespace === namespace && use(facts.headless).shapeOf(s).headless);
}

/** Would this Service's selector pick the StatefulSet's pods if both were in one namespace? */
function selects(service: Resource, workload: Workload): boolean {
  const selector = asObj(service.spec.selector);
  return selector !== undefined && Object.keys(selector).length > 0 && matches(fromMap(selector), workload.labels);
}
