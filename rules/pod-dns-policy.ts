import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { safeFix, suggestions } from '../src/fix/repairs.js';
import { deletePath, setValue } from '../src/fix/edits.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget, Severity } from '../src/engine/types.js';
import type { HeadlessRole } from '../src/facts/headless/peers.js';
import type { PodDnsProblem } from '../src/facts/dns/pod-dns.js';

/**
 * What the pods' resolver gets wrong, by kind: the message (after "{{workload}} {{role}} headless
 * {{service}}{{reference}} but ") and the fix. Each kind has a second message for pods whose
 * sidecar captures DNS (id + WithDnsCapture), except for pods that never have a sidecar: those the
 * API server refuses, and hostNetwork pods (Istio never injects them).
 */
const HOST_NETWORK = (policy: string) => `runs with hostNetwork: true and ${policy}, which kubelet turns into Default: the pods use the node's resolv.conf and cannot resolve *.svc.{{domain}}`;
const NONE_WITH = 'has dnsPolicy: None with nameservers {{nameservers}}';
const PROBLEMS = {
  dnsPolicyDefault: { what: "has dnsPolicy: Default, so its pods use the node's resolv.conf, which knows no *.svc.{{domain}} name", fixId: 'removeDnsPolicy' },
  hostNetworkWithoutPolicy: { what: HOST_NETWORK('no dnsPolicy'), fixId: 'useClusterFirstWithHostNet', neverCaptured: true },
  hostNetworkClusterFirst: { what: HOST_NETWORK('dnsPolicy: ClusterFirst'), fixId: 'useClusterFirstWithHostNet', neverCaptured: true },
  noneWithoutNameservers: { what: 'has dnsPolicy: None without dnsConfig.nameservers; the API server rejects such a pod, so it never runs', fixId: 'addDnsConfig', neverCaptured: true },
  nameserverNotClusterDns: { what: `${NONE_WITH}, none of which is the cluster DNS ({{clusterDns}}), so *.svc.{{domain}} names do not resolve`, fixId: 'listClusterDnsAddress' },
  nameserverMayForward: { what: `${NONE_WITH}, none of which is the cluster DNS ({{clusterDns}}); its svc.{{domain}} search path suggests they forward to it, which the input cannot show`, fixId: 'listClusterDnsAddress' },
  nameserverUnverified: { what: `${NONE_WITH} and no svc.{{domain}} search domain; nothing shows these servers answer cluster names`, fixId: 'listClusterDns' },
  searchCannotComplete: { what: 'has dnsPolicy: None whose dnsConfig.searches cannot complete {{name}} into a cluster name', fixId: 'addSearches' },
  noClusterSearch: { what: 'has dnsPolicy: None without svc.{{domain}} in dnsConfig.searches, so only fully qualified names resolve', fixId: 'addSearches' },
} satisfies Record<string, { what: string; fixId: string; neverCaptured?: true }>;
type ProblemId = keyof typeof PROBLEMS;
const SUBJECT = '{{workload}} {{role}} headless {{service}}{{reference}} but';
const CAPTURED = " (Istio's DNS capture is on for it and may answer mesh names itself, but not names outside the mesh)";

const messages = Object.fromEntries(
  Object.entries(PROBLEMS).flatMap(([id, p]: [string, { what: string; neverCaptured?: true }]) => [[id, `${SUBJECT} ${p.what}.`], ...(p.neverCaptured ? [] : [[`${id}WithDnsCapture`, `${SUBJECT} ${p.what}${CAPTURED}.`]])]),
);

function problemId(problem: PodDnsProblem, dnsKnown: boolean): ProblemId {
  switch (problem.code) {
    case 'default':
      return 'dnsPolicyDefault';
    case 'host-network':
      return problem.written ? 'hostNetworkClusterFirst' : 'hostNetworkWithoutPolicy';
    case 'none-invalid':
      return 'noneWithoutNameservers';
    case 'none-nameserver':
      // A certain verdict needs the cluster DNS address (pod-dns.ts).
      return problem.certain ? 'nameserverNotClusterDns' : dnsKnown ? 'nameserverMayForward' : 'nameserverUnverified';
    case 'none-search':
      return problem.name ? 'searchCannotComplete' : 'noClusterSearch';
  }
}

/** The data of a problem's placeholders. */
function problemData(problem: PodDnsProblem): Record<string, string> {
  if (problem.code === 'none-nameserver') return { nameservers: problem.nameservers.join(', ') };
  if (problem.code === 'none-search' && problem.name) return { name: problem.name };
  return {};
}

/**
 * How sure a broken resolver breaks the headless Service: certain for pods that resolve cluster
 * names (callers, and backing pods whose own configuration names cluster hosts), likely for
 * StatefulSet pods (peers find each other by per-pod names), and not shown otherwise: pods behind
 * a Service are reached by IP and need no resolver of their own. Pods the API server refuses
 * break the Service in any role.
 */
function severityFor(problem: PodDnsProblem, roles: HeadlessRole[], usesShortNames: boolean, resolvesNames: boolean): Severity | undefined {
  // The API server refuses the pods: the Service has no endpoints, whatever the pods would resolve.
  if (problem.code === 'none-invalid') return 'error';
  const callsOrResolves = resolvesNames || roles.some((r) => r.role === 'caller');
  if (!callsOrResolves && !roles.some((r) => r.governed)) return undefined;
  if (problem.code === 'none-nameserver' && !problem.certain) return 'warning';
  if (problem.code === 'none-search') return problem.name || usesShortNames ? 'error' : resolvesNames ? undefined : 'warning';
  return callsOrResolves ? 'error' : 'warning';
}

export default defineRule({
  meta: {
    id: 'pod-dns-policy',
    cause: 6,
    severity: 'error',
    description: 'A workload behind or calling a headless Service has a DNS policy that cannot resolve cluster names.',
    why:
      'A headless Service exists only in DNS: its name and its per-pod names (`<pod>.<svc>.<ns>.svc.<domain>`) are answered by cluster DNS and nowhere else. dnsPolicy: Default gives the pod the node\'s resolv.conf; hostNetwork pods with ClusterFirst silently fall back to Default; dnsPolicy: None uses only dnsConfig. In all three the pod asks a resolver that does not know the names, so peers and callers get NXDOMAIN or connect to nothing (Istio\'s DNS proxy, which could answer some of these names itself, is off by default for sidecars and is not assumed). Callers, and backing pods whose own configuration names cluster hosts, are errors; StatefulSet pods that name no host we can see are warnings (peers usually find each other by these names at run time); other backing pods are reached by IP and are not reported, except when dnsPolicy: None lacks nameservers, which the API server refuses, leaving the Service without pods.',
    diagnose: ['kubectl get pod <pod> -o jsonpath="{.spec.dnsPolicy} {.spec.hostNetwork} {.spec.dnsConfig}"', 'kubectl exec <pod> -- cat /etc/resolv.conf', 'kubectl -n kube-system get svc kube-dns -o jsonpath="{.spec.clusterIP}"'],
    fix: 'Use dnsPolicy: ClusterFirst (the default), ClusterFirstWithHostNet with hostNetwork: true, or with dnsPolicy: None list the cluster DNS address in dnsConfig.nameservers and <ns>.svc.<domain>, svc.<domain>, <domain> in dnsConfig.searches.',
    sources: [
      "https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-dns-policy (Default inherits the node's resolution; hostNetwork with ClusterFirst falls back to Default; None uses dnsConfig only)",
      'kubernetes/kubernetes pkg/apis/core/validation/validation.go validatePodDNSConfig (None requires dnsConfig with at least one nameserver)',
      'https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/ and kubernetes/kubernetes cluster/addons/dns/nodelocaldns/README.md (link-local 169.254.20.10 by default)',
      'https://istio.io/latest/docs/ops/configuration/traffic-management/dns-proxy/ (DNS capture is opt-in: ISTIO_META_DNS_CAPTURE)',
    ],
    messages,
    fixes: {
      removeDnsPolicy: 'Remove dnsPolicy (ClusterFirst is the default), or use ClusterFirstWithHostNet for hostNetwork pods.',
      useClusterFirstWithHostNet: 'Set dnsPolicy: ClusterFirstWithHostNet.',
      addDnsConfig: 'Add dnsConfig.nameservers with the cluster DNS address and searches <ns>.svc.{{domain}}, svc.{{domain}}, {{domain}}; or use dnsPolicy: ClusterFirst.',
      addDnsConfigWithAddress: 'Add dnsConfig.nameservers with the cluster DNS address ({{clusterDns}}) and searches <ns>.svc.{{domain}}, svc.{{domain}}, {{domain}}; or use dnsPolicy: ClusterFirst.',
      listClusterDns: 'List the cluster DNS address in dnsConfig.nameservers (and svc.{{domain}} in searches), or use dnsPolicy: ClusterFirst.',
      listClusterDnsAddress: 'List the cluster DNS address ({{clusterDns}}) in dnsConfig.nameservers (and svc.{{domain}} in searches), or use dnsPolicy: ClusterFirst.',
      addSearches: 'Add <ns>.svc.{{domain}}, svc.{{domain}} and {{domain}} to dnsConfig.searches.',
    },
    fixable: {
      fix: 'A hostNetwork pod with dnsPolicy ClusterFirstWithHostNet asks cluster DNS, which forwards every other name to the node\'s resolvers: the pod resolves cluster names and still resolves what it resolved before. Nothing else of the pod changes.',
      suggestions: 'Dropping dnsPolicy: Default moves the pod from the node\'s resolv.conf to cluster DNS: names only the node knows (its /etc/hosts, a split-horizon resolver) may stop resolving, so a human decides.',
    },
    // The workload, its DNS settings and the domain identify a finding. Which headless Service it
    // is shown with, whether it backs or calls it, and the name that shows it (a caller's first
    // reference, or " and resolves <name>" for backing pods) are the first met: another Service
    // can come first. The cluster DNS addresses are other objects.
    volatileData: ['role', 'service', 'reference', 'clusterDns'],
    uses: [facts.callers, facts.clusterDns, facts.clusterDomain, facts.headlessPeers, facts.podDns],
    requires: ['Service', WORKLOAD_KINDS],
    trace: { judgedByHop: true },
  },
  check({ use, report }) {
    const domain = use(facts.clusterDomain).effective;
    const dns = use(facts.clusterDns);
    const known = [...dns.addresses];
    for (const [workload, roles] of use(facts.headlessPeers).roles) {
      const refs = use(facts.callers).from(workload);
      const problem = use(facts.podDns).problemOf(workload, refs);
      if (!problem) continue;
      const usesShortNames = refs.some((r) => !r.parts.domain);
      let severity = severityFor(problem, roles, usesShortNames, refs.length > 0);
      if (!severity) continue;
      const id = problemId(problem, known.length > 0);
      const { fixId } = PROBLEMS[id];
      // With Istio's DNS capture the sidecar may answer the mesh's names despite resolv.conf.
      const captured = !('neverCaptured' in PROBLEMS[id]) && use(facts.podDns).captured(workload);
      if (captured && severity === 'error') severity = 'warning';
      const role = roles.find((r) => r.role === 'caller') ?? (roles[0] as HeadlessRole);
      const evidence = role.reference ?? refs[0];
      const related: RelatedTarget[] = [];
      if (!role.reference) related.push({ resource: role.service, path: ['spec', 'clusterIP'], message: `headless ${role.service.display}` });
      if (evidence) related.push({ resource: evidence.resource, located: evidence.located, message: `resolves ${evidence.name}` });
      report({
        resource: workload.resource,
        path: problem.path,
        severity,
        messageId: captured ? `${id}WithDnsCapture` : id,
        data: {
          workload: workload.display,
          role: role.role === 'caller' ? 'calls' : 'backs',
          service: role.service.display,
          reference: `${role.role === 'caller' ? ` (${role.reference?.name ?? role.service.name})` : ''}${!role.reference && evidence ? ` and resolves ${evidence.name}` : ''}`,
          domain,
          clusterDns: known.join(', '),
          ...problemData(problem),
        },
        fixId: fixId === 'addDnsConfig' && known.length > 0 ? 'addDnsConfigWithAddress' : fixId,
        ...(problem.code === 'host-network'
          ? safeFix([setValue(workload.specPath('dnsPolicy'), 'ClusterFirstWithHostNet')], 'useClusterFirstWithHostNet')
          : problem.code === 'default'
            ? suggestions({ fixId: 'removeDnsPolicy', edits: [deletePath(workload.specPath('dnsPolicy'))] })
            : {}),
        related,
      });
    }
  },
});
