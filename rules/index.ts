/** Every rule, in the order they are documented. Adding a rule means adding it here (a test checks). */
import type { Rule } from '../src/engine/types.js';
import duplicateResource from './duplicate-resource.js';
import istiodDomainMismatch from './istiod-domain-mismatch.js';
import unrenderedTemplate from './unrendered-template.js';
import yamlSyntax from './yaml-syntax.js';

export const rules: readonly Rule[] = [duplicateResource, istiodDomainMismatch, unrenderedTemplate, yamlSyntax];
