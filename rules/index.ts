/** Every rule, in the order they are documented. Adding a rule means adding it here (a test checks). */
import type { Rule } from '../src/engine/types.js';
import clusterDomainConflict from './cluster-domain-conflict.js';
import corednsDomainMismatch from './coredns-domain-mismatch.js';
import istiodDomainMismatch from './istiod-domain-mismatch.js';
import podDnsPolicy from './pod-dns-policy.js';
import yamlSyntax from './yaml-syntax.js';

export const rules: readonly Rule[] = [clusterDomainConflict, corednsDomainMismatch, istiodDomainMismatch, podDnsPolicy, yamlSyntax];
