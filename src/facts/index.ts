/**
 * Every derived fact, by name, for rules and `trace`: `use(facts.injection).of(workload)`.
 * Each is defined once, in the module of its area; this list only gathers them.
 */
import { peerTraffic } from './apps/peer-traffic.js';
import { systems } from './apps/systems.js';
import { callers } from './calls/callers.js';
import { externalCalls } from './calls/external-calls.js';
import { clusterDns } from './dns/cluster-dns.js';
import { clusterDomain } from './dns/cluster-domain.js';
import { nameResolution } from './dns/name-resolution.js';
import { podDns } from './dns/pod-dns.js';
import { headlessFlows } from './headless/flows.js';
import { headless } from './headless/headless.js';
import { headlessPeers } from './headless/peers.js';
import { peerPortGaps } from './headless/peer-port-gaps.js';
import { headlessUses } from './headless/uses.js';
import { injection, injectors } from './injection/injection.js';
import { injectorWebhooks } from './injection/injector-webhooks.js';
import { istioInUse } from './injection/istio-in-use.js';
import { proxySettings } from './injection/proxy-settings.js';
import { revisions } from './injection/revisions.js';
import { istiods } from './mesh/istiod.js';
import { istioVersion } from './mesh/istio-version.js';
import { liveEndpoints } from './live/endpoints.js';
import { livePods } from './live/pod-status.js';
import { meshConfigs } from './mesh/mesh-config.js';
import { outboundPolicy } from './mesh/outbound-policy.js';
import { sidecars } from './mesh/sidecar-scope.js';
import { subsets } from './mesh/subsets.js';
import { virtualServiceDestinations } from './mesh/virtual-services.js';
import { servedElsewhere, serviceCounterparts } from './multicluster/counterparts.js';
import { earlierIdentities, meshIdentity } from './multicluster/mesh-identity.js';
import { dnsReachability } from './network/dns-reachability.js';
import { istiodReachability } from './network/istiod-reachability.js';
import { netpol } from './network/netpol.js';
import { authorization } from './security/authorization.js';
import { policyReach } from './security/policy-reach.js';
import { clientTls } from './transport/client-tls.js';
import { destinationRules } from './transport/destination-rules.js';
import { mtls } from './transport/mtls.js';

export const facts = {
  // dns
  clusterDomain,
  clusterDns,
  nameResolution,
  podDns,
  // headless
  headless,
  headlessUses,
  headlessPeers,
  headlessFlows,
  peerPortGaps,
  // calls
  callers,
  externalCalls,
  // apps
  systems,
  peerTraffic,
  // injection
  injectors,
  injection,
  revisions,
  injectorWebhooks,
  istioInUse,
  proxySettings,
  // mesh
  istiods,
  istioVersion,
  // live evidence of cluster dumps
  liveEndpoints,
  livePods,
  meshConfigs,
  sidecars,
  subsets,
  virtualServiceDestinations,
  outboundPolicy,
  // several clusters of one mesh
  serviceCounterparts,
  servedElsewhere,
  meshIdentity,
  earlierIdentities,
  // transport
  mtls,
  destinationRules,
  clientTls,
  // security
  authorization,
  policyReach,
  // network
  netpol,
  dnsReachability,
  istiodReachability,
} as const;
