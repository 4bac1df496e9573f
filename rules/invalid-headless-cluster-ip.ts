import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { HeadlessProblem, HeadlessProblemKind } from '../src/facts/headless/shape.js';
import { headlessClusterIpRepair } from '../src/fix/repairs.js';

const KEEP_CLUSTER_IP_TYPE = 'Keep the headless Service of type ClusterIP (or no type) and, if the pods must be reachable from outside, add a separate';

/** The fix of each kind of problem (a misspelled key: by the field meant). */
const FIX: Record<HeadlessProblemKind, (problem: HeadlessProblem) => string> = {
  notExactlyNone: () => 'writeNone',
  misspelledKey: (p) => (p.data.meant === 'clusterIP' ? 'renameToClusterIP' : 'renameToClusterIPs'),
  clusterIPsContradictNone: () => 'dropClusterIPs',
  clusterIPsWithoutClusterIP: () => 'addClusterIP',
  clusterIPsMismatch: () => 'chooseHeadless',
  typeCannotBeHeadless: () => 'separateService',
  externalNameCannotBeHeadless: () => 'separateServiceForExternalName',
};

export default defineRule({
  meta: {
    id: 'invalid-headless-cluster-ip',
    cause: 2,
    severity: 'error',
    description: 'A Service tries to be headless but Kubernetes will not read it so: clusterIP is not exactly "None", clusterIPs contradicts it, the key is misspelled, or the type cannot be headless.',
    why:
      'Only the exact, case-sensitive string "None" in spec.clusterIP makes a Service headless. "none", " None" or "Headless" are invalid IP addresses and the API server rejects the Service, so it never exists; a misspelled key (clusterIp) is dropped by most clients and the Service silently gets a cluster IP; clusterIPs must be absent or exactly ["None"]; NodePort, LoadBalancer and ExternalName Services cannot be headless. In every case callers find no per-pod DNS records and Istio has no headless Service to build listeners for.',
    diagnose: [
      'kubectl apply --dry-run=server --validate=strict -f <service.yaml>',
      'kubectl -n <ns> get service <name> -o jsonpath="{.spec.clusterIP} {.spec.clusterIPs}"',
    ],
    fix: 'Write exactly `clusterIP: None` under spec (type ClusterIP or no type) and either omit clusterIPs or make it `[None]`. An existing Service with a cluster IP must be deleted and recreated: clusterIP is immutable.',
    sources: [
      'kubernetes/kubernetes pkg/apis/core/validation/validation.go (ValidateService: "may not be set to \'None\' for NodePort/LoadBalancer services"; ValidateServiceClusterIPsRelatedFields: "first value must match clusterIP", "\'None\' must be the first and only value", "must be empty when clusterIP is not specified")',
      'kubernetes/kubernetes pkg/registry/core/service/storage/storage.go (normalizeClusterIPs fills clusterIPs from clusterIP on create, never the reverse)',
      'https://kubernetes.io/docs/concepts/services-networking/service/#headless-services',
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation (unknown fields: kubectl strict validation rejects, other clients drop)',
    ],
    messages: {
      notExactlyNone: '{{service}}: clusterIP {{clusterIP}} is not the exact string "None" (case-sensitive, no spaces or quotes); the API server rejects it as an invalid IP address, so the Service is not created.',
      misspelledKey:
        '{{service}}: "{{key}}" is not a Service field (did you mean "{{meant}}"?): kubectl\'s strict field validation rejects the Service, and clients that only warn (Helm, Argo CD, older kubectl) drop the field, so Kubernetes allocates a cluster IP and the Service is not headless.',
      clusterIPsContradictNone:
        '{{service}}: clusterIPs {{clusterIPs}} contradicts clusterIP None: when clusterIP is None, clusterIPs must be exactly ["None"] ("\'None\' must be the first and only value", "first value must match clusterIP"), so the API server rejects the Service.',
      clusterIPsWithoutClusterIP:
        '{{service}}: clusterIPs {{clusterIPs}} is set without clusterIP: the API server only fills clusterIPs from clusterIP, never the reverse, and rejects the Service ("must be empty when clusterIP is not specified").',
      clusterIPsMismatch: '{{service}}: clusterIPs {{clusterIPs}} asks for None but clusterIP is {{clusterIP}}: the first value of clusterIPs must match clusterIP, so the API server rejects the Service.',
      typeCannotBeHeadless: '{{service}}: a {{type}} Service cannot be headless: the API server rejects clusterIP None for it ("may not be set to \'None\' for {{type}} services").',
      externalNameCannotBeHeadless: '{{service}}: an ExternalName Service is only a DNS CNAME with no endpoints: it cannot be headless, and the API server rejects a clusterIP on it.',
    },
    fixes: {
      writeNone: 'Write clusterIP: None.',
      renameToClusterIP: 'Rename "{{key}}" to "{{meant}}" with the value None.',
      renameToClusterIPs: 'Rename "{{key}}" to "{{meant}}".',
      dropClusterIPs: 'Remove clusterIPs (the API server fills it from clusterIP) or make it exactly [None] next to clusterIP: None.',
      addClusterIP: 'Add clusterIP: None (and keep clusterIPs: [None] or remove it).',
      chooseHeadless: 'Decide: for a headless Service set clusterIP: None and remove clusterIPs.',
      separateService: `${KEEP_CLUSTER_IP_TYPE} {{type}} Service for that.`,
      separateServiceForExternalName: 'Keep the headless Service of type ClusterIP (or no type) and, for the external name, add a separate Service of type ExternalName.',
    },
    uses: [facts.headless],
    requires: ['Service'],
    supersedes: ['manifest-schema'],
    fixable: {
      fix: 'Writing the exact "None", spelling the key clusterIP (or clusterIPs) with the None it was given, or dropping a clusterIPs that contradicts clusterIP: None only make the API server read the headless Service that is written: the Service is rejected or silently not headless until then, and nothing else of it changes.',
      suggestions: 'When clusterIP holds an address and clusterIPs asks for None, only a human knows which was meant: making it headless drops the cluster IP its clients may use.',
    },
  },
  check({ model, use, report }) {
    for (const service of model.services) {
      for (const problem of use(facts.headless).shapeOf(service).problems) {
        report({
          resource: service,
          path: problem.path,
          key: problem.key,
          messageId: problem.kind,
          data: { service: service.display, ...problem.data },
          fixId: FIX[problem.kind](problem),
          ...headlessClusterIpRepair(service, problem.kind, problem.path, problem.data),
        });
      }
    }
  },
});
