import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';

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
    uses: [facts.headless],
    requires: ['Service'],
    supersedes: ['manifest-schema'],
  },
  check({ model, use, report }) {
    for (const service of model.services) {
      for (const problem of use(facts.headless).shapeOf(service).problems) {
        report({
          resource: service,
          path: problem.path,
          key: problem.key,
          message: `${service.display}: ${problem.message}.`,
          fix: problem.fix,
        });
      }
    }
  },
});
