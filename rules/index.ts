/** Every rule, in the order they are documented. Adding a rule means adding it here (a test checks). */
import type { Rule } from '../src/engine/types.js';
import dnsNameUnresolvable from './dns-name-unresolvable.js';
import istioInjectionLabelOnPod from './istio-injection-label-on-pod.js';
import istiodDomainMismatch from './istiod-domain-mismatch.js';
import namespaceNotDiscovered from './namespace-not-discovered.js';
import serviceNotExported from './service-not-exported.js';
import sidecarEgressHidesService from './sidecar-egress-hides-service.js';
import workloadNotInjected from './workload-not-injected.js';
import yamlSyntax from './yaml-syntax.js';

export const rules: readonly Rule[] = [
  dnsNameUnresolvable,
  istioInjectionLabelOnPod,
  istiodDomainMismatch,
  namespaceNotDiscovered,
  serviceNotExported,
  sidecarEgressHidesService,
  workloadNotInjected,
  yamlSyntax,
];
