/** Every rule, in the order they are documented. Adding a rule means adding it here (a test checks). */
import type { Rule } from '../src/engine/types.js';
import authorizationPolicyDeniesCaller from './authorization-policy-denies-caller.js';
import authorizationPolicySelectsNothing from './authorization-policy-selects-nothing.js';
import clusterDomainConflict from './cluster-domain-conflict.js';
import corednsDomainMismatch from './coredns-domain-mismatch.js';
import corednsHidesHeadless from './coredns-hides-headless.js';
import destinationRuleTlsConflict from './destination-rule-tls-conflict.js';
import dnsNameUnresolvable from './dns-name-unresolvable.js';
import duplicateResource from './duplicate-resource.js';
import excludedInboundPortMtls from './excluded-inbound-port-mtls.js';
import hardcodedClusterDomain from './hardcoded-cluster-domain.js';
import headlessPortMismatch from './headless-port-mismatch.js';
import headlessPortProtocol from './headless-port-protocol.js';
import headlessPortUndeclared from './headless-port-undeclared.js';
import headlessSelectorMatchesNothing from './headless-selector-matches-nothing.js';
import injectLabelMisplaced from './inject-label-misplaced.js';
import injectionOutOfDate from './injection-out-of-date.js';
import imageAutoNotInjected from './image-auto-not-injected.js';
import injectorServiceMissing from './injector-service-missing.js';
import injectorWebhooksOverlap from './injector-webhooks-overlap.js';
import injectionRevisionMissing from './injection-revision-missing.js';
import invalidHeadlessClusterIp from './invalid-headless-cluster-ip.js';
import istioAnnotationUnknown from './istio-annotation-unknown.js';
import istioAnnotationValue from './istio-annotation-value.js';
import istioInjectionLabelOnPod from './istio-injection-label-on-pod.js';
import istioProxyNotReady from './istio-proxy-not-ready.js';
import istioReservedPort from './istio-reserved-port.js';
import istiodDomainMismatch from './istiod-domain-mismatch.js';
import manifestSchema from './manifest-schema.js';
import namespaceNotDiscovered from './namespace-not-discovered.js';
import netpolBlocksDns from './netpol-blocks-dns.js';
import netpolBlocksHbone from './netpol-blocks-hbone.js';
import multiclusterMeshIdentity from './multicluster-mesh-identity.js';
import multiclusterServiceInconsistent from './multicluster-service-inconsistent.js';
import netpolBlocksInjector from './netpol-blocks-injector.js';
import netpolBlocksIstiod from './netpol-blocks-istiod.js';
import netpolBlocksServiceTraffic from './netpol-blocks-service-traffic.js';
import peerAuthenticationStrictNonMeshCaller from './peer-authentication-strict-non-mesh-caller.js';
import podDnsPolicy from './pod-dns-policy.js';
import portCapturedMeshWide from './port-captured-mesh-wide.js';
import portProtocolConflict from './port-protocol-conflict.js';
import probeRewriteDisabledStrict from './probe-rewrite-disabled-strict.js';
import publishNotReadyAddresses from './publish-not-ready-addresses.js';
import redisAnnounceAddress from './redis-announce-address.js';
import serverBindAddress from './server-bind-address.js';
import startupOrder from './startup-order.js';
import registryOnlyBlackhole from './registry-only-blackhole.js';
import runsAsProxyUid from './runs-as-proxy-uid.js';
import scraperStrictMtls from './scraper-strict-mtls.js';
import serviceNotExported from './service-not-exported.js';
import serviceNotHeadless from './service-not-headless.js';
import sidecarEgressHidesService from './sidecar-egress-hides-service.js';
import sidecarSelectionConflict from './sidecar-selection-conflict.js';
import statefulsetServiceMissing from './statefulset-service-missing.js';
import subsetUnroutable from './subset-unroutable.js';
import virtualServiceDestination from './virtual-service-destination.js';
import trustDomainPrincipalMismatch from './trust-domain-principal-mismatch.js';
import unrenderedTemplate from './unrendered-template.js';
import workloadNotInjected from './workload-not-injected.js';
import yamlSyntax from './yaml-syntax.js';

export const rules: readonly Rule[] = [
  authorizationPolicyDeniesCaller,
  authorizationPolicySelectsNothing,
  clusterDomainConflict,
  corednsDomainMismatch,
  corednsHidesHeadless,
  destinationRuleTlsConflict,
  dnsNameUnresolvable,
  duplicateResource,
  excludedInboundPortMtls,
  hardcodedClusterDomain,
  headlessPortMismatch,
  headlessPortProtocol,
  headlessPortUndeclared,
  headlessSelectorMatchesNothing,
  injectLabelMisplaced,
  injectionOutOfDate,
  injectionRevisionMissing,
  injectorServiceMissing,
  injectorWebhooksOverlap,
  imageAutoNotInjected,
  invalidHeadlessClusterIp,
  istioAnnotationUnknown,
  istioAnnotationValue,
  istioInjectionLabelOnPod,
  istioProxyNotReady,
  istioReservedPort,
  istiodDomainMismatch,
  manifestSchema,
  multiclusterMeshIdentity,
  multiclusterServiceInconsistent,
  namespaceNotDiscovered,
  netpolBlocksDns,
  netpolBlocksHbone,
  netpolBlocksInjector,
  netpolBlocksIstiod,
  netpolBlocksServiceTraffic,
  peerAuthenticationStrictNonMeshCaller,
  podDnsPolicy,
  portCapturedMeshWide,
  portProtocolConflict,
  probeRewriteDisabledStrict,
  publishNotReadyAddresses,
  redisAnnounceAddress,
  serverBindAddress,
  startupOrder,
  registryOnlyBlackhole,
  runsAsProxyUid,
  scraperStrictMtls,
  serviceNotExported,
  serviceNotHeadless,
  sidecarEgressHidesService,
  sidecarSelectionConflict,
  statefulsetServiceMissing,
  subsetUnroutable,
  virtualServiceDestination,
  trustDomainPrincipalMismatch,
  unrenderedTemplate,
  workloadNotInjected,
  yamlSyntax,
];
