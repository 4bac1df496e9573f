/** Every rule, in the order they are documented. Adding a rule means adding it here (a test checks). */
import type { Rule } from '../src/engine/types.js';
import dnsNameUnresolvable from './dns-name-unresolvable.js';
import headlessPortMismatch from './headless-port-mismatch.js';
import headlessSelectorMatchesNothing from './headless-selector-matches-nothing.js';
import invalidHeadlessClusterIp from './invalid-headless-cluster-ip.js';
import istioInjectionLabelOnPod from './istio-injection-label-on-pod.js';
import istiodDomainMismatch from './istiod-domain-mismatch.js';
import namespaceNotDiscovered from './namespace-not-discovered.js';
import serviceNotExported from './service-not-exported.js';
import serviceNotHeadless from './service-not-headless.js';
import sidecarEgressHidesService from './sidecar-egress-hides-service.js';
import statefulsetServiceMissing from './statefulset-service-missing.js';
import workloadNotInjected from './workload-not-injected.js';
import yamlSyntax from './yaml-syntax.js';

export const rules: readonly Rule[] = [
  dnsNameUnresolvable,
  headlessPortMismatch,
  headlessSelectorMatchesNothing,
  invalidHeadlessClusterIp,
  istioInjectionLabelOnPod,
  istiodDomainMismatch,
  namespaceNotDiscovered,
  serviceNotExported,
  serviceNotHeadless,
  sidecarEgressHidesService,
  statefulsetServiceMissing,
  workloadNotInjected,
  yamlSyntax,
];
