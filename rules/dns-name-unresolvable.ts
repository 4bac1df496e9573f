import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { NameCheck } from '../src/facts/dns/name-resolution.js';

const USES = '{{caller}} uses "{{name}}", which {{reason}}';
const DID_YOU_MEAN = `${USES}; did you mean "{{suggestion}}"?`;

/** The kind of finding: what is wrong with the name, and whether a name that resolves is near. */
function messageIdOf(problem: NameCheck): string {
  switch (problem.problem) {
    case 'wrong-domain':
      return 'wrongDomain';
    case 'unknown-namespace':
      return 'unknownNamespace';
    case 'unknown-service':
      return problem.suggestion ? 'misspelledService' : 'unknownService';
    default:
      // no-such-pod (not-headless never gets here: service-not-headless reports it at the Service)
      return problem.suggestion ? 'noSuchPodWithSuggestion' : 'noSuchPod';
  }
}

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
    messages: {
      wrongDomain: DID_YOU_MEAN,
      unknownNamespace: USES,
      unknownService: USES,
      misspelledService: DID_YOU_MEAN,
      noSuchPod: USES,
      noSuchPodWithSuggestion: DID_YOU_MEAN,
    },
    fixes: {
      useSuggestion: 'Use "{{suggestion}}".',
    },
    // The caller and the name identify a finding. The reason is the shared name-resolution fact's
    // wording (trace shows it too), and the suggestion follows from the other names in the input.
    volatileData: ['reason', 'suggestion'],
    uses: [facts.callers, facts.nameResolution],
    requires: [WORKLOAD_KINDS],
    trace: { judgedByHop: true },
  },
  check({ use, report }) {
    for (const ref of use(facts.callers).references) {
      const problem = use(facts.nameResolution).check(ref);
      // A per-pod name makes its Service "used as headless": service-not-headless reports that at the Service.
      if (!problem || problem.problem === 'not-headless') continue;
      report({
        resource: ref.resource,
        path: ref.path,
        located: ref.located,
        severity: problem.certain ? undefined : 'warning',
        messageId: messageIdOf(problem),
        data: { caller: ref.caller.display, name: ref.name, reason: problem.message, ...(problem.suggestion ? { suggestion: problem.suggestion } : {}) },
        fixId: problem.suggestion ? 'useSuggestion' : undefined,
        related: problem.related.map((r) => ({ resource: r.resource, path: r.path, message: r.message })),
      });
    }
  },
});
