/** Every rule, in the order they are documented. Adding a rule means adding it here (a test checks). */
import type { Rule } from '../src/engine/types.js';
import istiodDomainMismatch from './istiod-domain-mismatch.js';
import netpolBlocksDns from './netpol-blocks-dns.js';
import netpolBlocksInjector from './netpol-blocks-injector.js';
import netpolBlocksIstiod from './netpol-blocks-istiod.js';
import netpolBlocksServiceTraffic from './netpol-blocks-service-traffic.js';
import yamlSyntax from './yaml-syntax.js';

export const rules: readonly Rule[] = [istiodDomainMismatch, netpolBlocksDns, netpolBlocksInjector, netpolBlocksIstiod, netpolBlocksServiceTraffic, yamlSyntax];
