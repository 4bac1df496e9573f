/**
 * istioctl analyze's own analyzer test inputs (../shared/conformance/istio-analyze, copied from
 * istio/istio pkg/config/analysis/analyzers/testdata with the expectations of analyzers_test.go)
 * and the headless-lint messages that answer each of its message codes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/built.js';

export function conformanceDir(): string | undefined {
  const given = process.env.ISTIO_ANALYZE_CONFORMANCE_DIR;
  // A folder given is the only one looked at, so the skip itself can be tried.
  const candidates = given !== undefined ? [given] : [path.resolve(ROOT, '..', 'shared', 'conformance', 'istio-analyze'), path.resolve(ROOT, '..', '..', 'shared', 'conformance', 'istio-analyze')];
  return candidates.find((dir) => existsSync(path.join(dir, 'expected.yaml')));
}

export interface Expected {
  code: string;
  origin: string;
}

export interface Case {
  name: string;
  analyzer: string;
  /** the input files; for multi-cluster cases, by cluster name */
  inputs: string[] | Record<string, string[]>;
  expected: Expected[];
}

export function readCases(dir: string): Case[] {
  const doc = parse(readFileSync(path.join(dir, 'expected.yaml'), 'utf8')) as { cases: { case: string; analyzer: string; inputs: Case['inputs']; expected: Expected[] }[] };
  return doc.cases.map((c) => ({ name: c.case, analyzer: c.analyzer, inputs: c.inputs, expected: c.expected ?? [] }));
}

/**
 * Where analyze puts a message and where headless-lint puts the matching one. `resource`: the
 * finding is on the resource analyze names. `named`: headless-lint reports on another resource of
 * the same problem (the Service of a Deployment's port conflict) and names analyze's resource in
 * its message.
 */
export interface Answer {
  /** `rule-id` or `rule-id/messageId` */
  messages: string[];
  placement: 'resource' | 'named';
}

/**
 * The overlapping checks: for an analyzer, which headless-lint messages answer each of its codes.
 * Codes of an analyzer that are not listed are not claimed; an analyzer not listed is not claimed
 * at all. For a listed analyzer, every finding of its messages must answer an expected message
 * of a listed code on the same resource (where analyze expects nothing, nothing is reported).
 */
export const OVERLAP: Record<string, Record<string, Answer>> = {
  'deployment.ApplicationUIDAnalyzer': {
    IST0144: { messages: ['runs-as-proxy-uid'], placement: 'resource' },
  },
  'injection.Analyzer': {
    IST0123: { messages: ['injection-revision-missing/legacyLabelWins', 'injection-revision-missing/ambientWithSidecars'], placement: 'resource' },
  },
  'sidecar.SelectorAnalyzer': {
    IST0110: { messages: ['sidecar-selection-conflict/selectorsOverlap'], placement: 'resource' },
    IST0111: { messages: ['sidecar-selection-conflict/namespaceWideTwice'], placement: 'resource' },
  },
  'destinationrule.PodNotSelectedAnalyzer': {
    IST0173: { messages: ['subset-unroutable/selectsNoPod', 'subset-unroutable/ordinalMissing', 'subset-unroutable/contradictsSelector', 'subset-unroutable/emptyLocality'], placement: 'resource' },
  },
  'virtualservice.DestinationHostAnalyzer': {
    IST0101: {
      messages: ['virtual-service-destination/unknownHost', 'virtual-service-destination/serviceEntryHidden', 'virtual-service-destination/portNotDeclared', 'virtual-service-destination/serviceNotExported', 'virtual-service-destination/destinationMissing'],
      placement: 'resource',
    },
    IST0112: { messages: ['virtual-service-destination/portMissing'], placement: 'resource' },
  },
  'virtualservice.DestinationRuleAnalyzer': {
    IST0101: { messages: ['subset-unroutable/undefinedSubset', 'subset-unroutable/noDestinationRule'], placement: 'resource' },
  },
  'multicluster.ServiceAnalyzer': {
    IST0170: {
      messages: ['multicluster-service-inconsistent'],
      placement: 'resource',
    },
  },
  'annotations.K8sAnalyzer': {
    IST0108: { messages: ['istio-annotation-unknown/unknown', 'istio-annotation-unknown/misspelt'], placement: 'resource' },
    IST0107: { messages: ['istio-annotation-unknown/onWorkload', 'istio-annotation-unknown/misspeltOnWorkload', 'istio-annotation-unknown/notForPods'], placement: 'resource' },
    IST0125: { messages: ['istio-annotation-value/valueRejected', 'istio-annotation-value/valueIgnored'], placement: 'resource' },
    IST0135: { messages: ['istio-annotation-unknown/deprecated'], placement: 'resource' },
  },
  // analyze matches live in-mesh Pods and Namespace objects only; headless-lint matches pod templates
  // (StatefulSet pod names from replicas) and every namespace of the input, and judges a selector
  // only where the input shows the workloads it could select (rules/authorization-policy-selects-nothing.ts).
  // On this input both agree: it declares three Namespace objects, so the namespace patterns and the
  // undeclared, empty httpbin-empty are judged; a partial input without them is left alone, where
  // analyze would report every policy of a folder that ships without its workloads.
  'authz.AuthorizationPoliciesAnalyzer': {
    IST0127: {
      messages: [
        'authorization-policy-selects-nothing/selectsNoWorkload',
        'authorization-policy-selects-nothing/selectsOtherNamespace',
        'authorization-policy-selects-nothing/namespaceWithoutWorkloads',
        'authorization-policy-selects-nothing/selectsOnlyOutsideMesh',
      ],
      placement: 'resource',
    },
    IST0101: { messages: ['authorization-policy-selects-nothing/namespacePatternMatchesNone'], placement: 'resource' },
  },
  'webhook.Analyzer': {
    IST0139: { messages: ['injector-webhooks-overlap', 'injector-service-missing'], placement: 'resource' },
  },
  'injection.ImageAutoAnalyzer': {
    IST0146: { messages: ['image-auto-not-injected'], placement: 'resource' },
    IST0147: { messages: ['image-auto-not-injected/livePodNotInjected'], placement: 'resource' },
  },
  'deployment.ServiceAssociationAnalyzer': {
    IST0116: { messages: ['port-protocol-conflict/protocolConflict'], placement: 'named' },
    IST0137: { messages: ['port-protocol-conflict/portNumberConflict'], placement: 'named' },
  },
};

/** "Kind ns/name" or "Kind name" (analyze omits the namespace where the input does). */
export function parseOrigin(origin: string): { kind: string; namespace?: string; name: string } {
  const [kind, ref = ''] = origin.split(' ') as [string, string?];
  const slash = ref.indexOf('/');
  return slash < 0 ? { kind, name: ref } : { kind, namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

export function answers(answer: Answer, finding: { ruleId: string; messageId: string | null }): boolean {
  return answer.messages.some((m) => m === finding.ruleId || m === `${finding.ruleId}/${finding.messageId}`);
}

/**
 * Expected messages of claimed codes that headless-lint leaves out on purpose, with the reason.
 * The suite checks that each is still left out, so this list cannot go stale.
 */
export const DIVERGENCES: { case: string; code: string; origin: string; why: string }[] = [
  { case: 'virtualServiceDestinationHosts', code: 'IST0101', origin: 'VirtualService default/reviews-bogushost', why: 'a Service of that name is missing but its name is no near miss of one the namespace has: headless-lint leaves it alone, because such a Service is often installed apart (the corpus routes to istiod in istio-system beside other Services), and answers only likely typos' },
  { case: 'virtualServiceDestinationHosts', code: 'IST0101', origin: 'VirtualService default/reviews-mirror-bogushost', why: 'a Service of that name is missing but its name is no near miss of one the namespace has: headless-lint leaves it alone, because such a Service is often installed apart (the corpus routes to istiod in istio-system beside other Services), and answers only likely typos' },
  {
    case: 'misannoted',
    code: 'IST0108',
    origin: 'Service httpbin',
    why: 'the unknown key sits on a Service: headless-lint reads Istio keys on pod templates and workloads, where the injector and the proxy read them',
  },
  {
    case: 'misannoted',
    code: 'IST0107',
    origin: 'Pod grafana-test',
    why: 'the key is kubernetes.io/ingress.class, not of an Istio domain: headless-lint checks *.istio.io keys only',
  },
  {
    case: 'misannoted',
    code: 'IST0107',
    origin: 'Namespace staging',
    why: 'kubernetes.io/ingress.class on a Namespace: neither an Istio domain nor a pod template or workload',
  },
  {
    case: 'misannoted',
    code: 'IST0135',
    origin: 'Deployment fortio-deploy',
    why: 'the deprecated key is on the Deployment\'s own metadata, where it does nothing at all: headless-lint says that (IST0107, onWorkload) once, and reports deprecation only where the key takes effect, the pod template',
  },
  {
    case: 'DestinationRuleSubsetsNotSelectPods',
    code: 'IST0173',
    origin: 'DestinationRule default/subsets-not-select-pods',
    why: 'the input holds no pod of Service httpbin at all (no Pod, no pod template): analyze reads live Pods, where none means none run; in manifests it means the workload is elsewhere, and a finding would be wrong on every partial input',
  },
  {
    case: 'Detect `image: auto` in non-injected pods',
    code: 'IST0146',
    origin: 'Deployment not-injected/non-injected-gateway-deployment',
    why: 'namespace not-injected is not in the input (it declares injected and non-injected): analyze reads a missing Namespace as unlabelled; headless-lint cannot tell whether it carries istio-injection=enabled, and stays silent',
  },
  {
    case: 'Detect `image: auto` in non-injected pods',
    code: 'IST0147',
    origin: 'Pod default/injected-pod',
    why: 'the Pod has no uid, creation time or status: a manifest still to be applied, in namespace default, which the input does not show. analyze reads every Pod as live, where image: auto means injection did not happen; a live Pod is answered (livePodNotInjected)',
  },
];
