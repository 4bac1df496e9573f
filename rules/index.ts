/** Every rule, in the order they are documented. Adding a rule means adding it here (a test checks). */
import type { Rule } from '../src/engine/types.js';
import authorizationPolicyDeniesCaller from './authorization-policy-denies-caller.js';
import destinationRuleTlsConflict from './destination-rule-tls-conflict.js';
import headlessPortProtocol from './headless-port-protocol.js';
import headlessPortUndeclared from './headless-port-undeclared.js';
import istioReservedPort from './istio-reserved-port.js';
import istiodDomainMismatch from './istiod-domain-mismatch.js';
import peerAuthenticationStrictNonMeshCaller from './peer-authentication-strict-non-mesh-caller.js';
import portProtocolConflict from './port-protocol-conflict.js';
import runsAsProxyUid from './runs-as-proxy-uid.js';
import trustDomainPrincipalMismatch from './trust-domain-principal-mismatch.js';
import yamlSyntax from './yaml-syntax.js';

export const rules: readonly Rule[] = [
  authorizationPolicyDeniesCaller,
  destinationRuleTlsConflict,
  headlessPortProtocol,
  headlessPortUndeclared,
  istioReservedPort,
  istiodDomainMismatch,
  peerAuthenticationStrictNonMeshCaller,
  portProtocolConflict,
  runsAsProxyUid,
  trustDomainPrincipalMismatch,
  yamlSyntax,
];
