/** Every rule, in the order they are documented. Adding a rule means adding it here (a test checks). */
import type { Rule } from '../src/engine/types.js';
import authorizationPolicyDeniesCaller from './authorization-policy-denies-caller.js';
import destinationRuleTlsConflict from './destination-rule-tls-conflict.js';
import istiodDomainMismatch from './istiod-domain-mismatch.js';
import peerAuthenticationStrictNonMeshCaller from './peer-authentication-strict-non-mesh-caller.js';
import trustDomainPrincipalMismatch from './trust-domain-principal-mismatch.js';
import yamlSyntax from './yaml-syntax.js';

export const rules: readonly Rule[] = [
  authorizationPolicyDeniesCaller,
  destinationRuleTlsConflict,
  istiodDomainMismatch,
  peerAuthenticationStrictNonMeshCaller,
  trustDomainPrincipalMismatch,
  yamlSyntax,
];
