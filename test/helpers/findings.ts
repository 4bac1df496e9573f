/** Findings built by hand, for tests of the formats: complete as the engine makes them, fingerprint included. */
import { fingerprintOf } from '../../src/engine/fingerprint.js';
import type { Finding } from '../../src/engine/types.js';

/**
 * A finding of rule `r` at a.yaml 3:5-3:9 with message `m` and no resource, changed by `over`.
 * Without a messageId (a free-text report) its message identifies it, as in the engine.
 */
export function findingOf(over: Partial<Finding> = {}): Finding {
  const f: Omit<Finding, 'fingerprint'> & Partial<Pick<Finding, 'fingerprint'>> = {
    ruleId: 'r',
    messageId: null,
    severity: 'error',
    message: 'm',
    file: 'a.yaml',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 9,
    resource: null,
    fix: null,
    related: [],
    autofix: null,
    suggestions: [],
    movedFingerprint: null,
    ...over,
  };
  return { ...f, fingerprint: over.fingerprint ?? fingerprintOf({ ruleId: f.ruleId, messageId: f.messageId, file: f.file, resource: f.resource, data: f.messageId === null ? { message: f.message } : {} }) };
}
