/**
 * What identifies a finding apart from where it sits. Lines move, messages get reworded and
 * gain counts ("and 1 more"); the rule, the messageId, the file, the resource, the field and the
 * names and ports in the message do not, unless the problem itself changes. SARIF
 * partialFingerprints and baselines hash these, so an alert survives edits above it, rewording,
 * and unrelated additions to the input.
 */
import { createHash } from 'node:crypto';
import type { Path } from '../load/parser.js';
import type { ResourceRef } from '../load/resource.js';

export interface FindingIdentity {
  ruleId: string;
  messageId: string | null;
  file: string;
  resource: ResourceRef | null;
  path?: Path;
  /** identifying values: the message's placeholders minus the rule's volatileData */
  data?: Record<string, string | number>;
}

export function fingerprintOf(identity: FindingIdentity): string {
  const r = identity.resource;
  const data = Object.entries(identity.data ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${String(v)}`);
  const parts = [identity.ruleId, identity.messageId ?? '', identity.file, r ? `${r.apiVersion}/${r.kind}/${r.namespace ?? ''}/${r.name}` : '', (identity.path ?? []).join('/'), ...data];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
