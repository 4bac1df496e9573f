/** Every rule, in the order they are documented. Adding a rule means adding it here (a test checks). */
import type { Rule } from '../src/engine/types.js';
import dnsNameUnresolvable from './dns-name-unresolvable.js';
import headlessPortMismatch from './headless-port-mismatch.js';
import headlessSelectorMatchesNothing from './headless-selector-matches-nothing.js';
import invalidHeadlessClusterIp from './invalid-headless-cluster-ip.js';
import istiodDomainMismatch from './istiod-domain-mismatch.js';
import manifestSchema from './manifest-schema.js';
import netpolBlocksDns from './netpol-blocks-dns.js';
import netpolBlocksInjector from './netpol-blocks-injector.js';
import netpolBlocksIstiod from './netpol-blocks-istiod.js';
import netpolBlocksServiceTraffic from './netpol-blocks-service-traffic.js';
import serviceNotHeadless from './service-not-headless.js';
import statefulsetServiceMissing from './statefulset-service-missing.js';
import yamlSyntax from './yaml-syntax.js';

export const rules: readonly Rule[] = [
  dnsNameUnresolvable,
  headlessPortMismatch,
  headlessSelectorMatchesNothing,
  invalidHeadlessClusterIp,
  istiodDomainMismatch,
  manifestSchema,
  netpolBlocksDns,
  netpolBlocksInjector,
  netpolBlocksIstiod,
  netpolBlocksServiceTraffic,
  serviceNotHeadless,
  statefulsetServiceMissing,
  yamlSyntax,
];
