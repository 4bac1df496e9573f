/**
 * One ajv configuration for both ways a validator comes to exist: compiled in the process (tests,
 * runs from the sources) and generated as standalone code at build time (the installed CLI).
 * Both must judge a document the same way, so they share this.
 */
import { Ajv, type Options } from 'ajv';
import { FORMATS } from './formats.js';

/** The expression generated validators use to reach the formats: the factory's parameter. */
export const STANDALONE_FORMATS_PARAMETER = 'formats';

export function createAjv(opts: { checkSchemas?: boolean; code?: Options['code'] } = {}): Ajv {
  // Compiling dominates schema validation's cost (validating is fast), hence: inlineRefs: false
  // compiles each shared definition once for all kinds instead of once per kind that uses it, and
  // skipping ajv's code optimisation pass saves more compile time than it costs in validation.
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    inlineRefs: false,
    validateSchema: opts.checkSchemas ?? false,
    code: { optimize: false, ...opts.code },
  });
  for (const [name, spec] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate: spec.validate });
  return ajv;
}
