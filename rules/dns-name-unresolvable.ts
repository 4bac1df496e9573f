import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'dns-name-unresolvable',
    cause: 6,
    severity: 'error',
    description: 'A cluster DNS name a workload uses (env, args, command, its ConfigMaps) will not resolve.',
    why:
      'Cluster DNS only answers <svc>.<ns>.svc.<cluster-domain> for existing Services and <hostname>.<svc>.<ns>.svc.<cluster-domain> for pods whose hostname and subdomain are set under a headless Service. Any other name is NXDOMAIN: the client fails to connect, often reported as "connection refused" after it falls back to another resolver or address.',
    diagnose: [
      'kubectl -n <caller-ns> exec deploy/<caller> -- nslookup <name>',
      'kubectl -n <ns> get svc <svc> -o jsonpath="{.spec.clusterIP}"',
      'kubectl -n <ns> get statefulset <set> -o jsonpath="{.spec.replicas} {.spec.serviceName}"',
    ],
    fix: 'Use a name that exists: the right Service and namespace, the cluster domain, an ordinal below the StatefulSet\'s replicas, and a headless Service for per-pod names (set spec.hostname and spec.subdomain on non-StatefulSet pods).',
    sources: [
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id',
    ],
    uses: [facts.callers, facts.nameResolution],
    requires: [WORKLOAD_KINDS],
    trace: { judgedByHop: true },
  },
  check({ model, use, report }) {
    for (const ref of use(facts.callers).references) {
      const problem = use(facts.nameResolution).check(ref);
      // A per-pod name makes its Service "used as headless": service-not-headless reports that at the Service.
      if (!problem || problem.problem === 'not-headless') continue;
      report({
        resource: ref.resource,
        path: ref.path,
        located: ref.located,
        severity: problem.certain ? undefined : 'warning',
        message: `${ref.caller.display} uses "${ref.name}", which ${problem.message}${problem.suggestion ? `; did you mean "${problem.suggestion}"?` : ''}`,
        fix: problem.suggestion ? `Use "${problem.suggestion}".` : undefined,
        related: problem.related.map((r) => ({ resource: r.resource, path: r.path, message: r.message })),
      });
    }
  },
});
