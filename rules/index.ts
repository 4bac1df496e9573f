/** Every rule, in the order they are documented. Adding a rule means adding it here (a test checks). */
import type { Rule } from '../src/engine/types.js';
import istiodDomainMismatch from './istiod-domain-mismatch.js';
import manifestSchema from './manifest-schema.js';
import yamlSyntax from './yaml-syntax.js';

export const rules: readonly Rule[] = [istiodDomainMismatch, manifestSchema, yamlSyntax];
