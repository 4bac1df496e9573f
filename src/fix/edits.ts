/**
 * Fixes as rules write them: edits on a resource's paths, never raw text. The few shapes here
 * are all a manifest repair needs (set a scalar, add a key, append to a sequence, delete), and
 * they can be checked: the edited document must read as the same edit applied to its value.
 * The builders below are the shared vocabulary of the rules' fixes.
 */
import type { Path } from '../load/parser.js';
import type { Resource } from '../load/resource.js';

export type ScalarValue = string | number | boolean;

interface EditBase {
  /** the path inside the resource (as in a report's `path`) */
  path: Path;
  /** the resource edited; default: the report's resource */
  resource?: Resource;
}

/** Set a scalar, adding the key (and missing parent maps) when absent. */
export interface SetEdit extends EditBase {
  op: 'set';
  value: ScalarValue;
}

/** Add a key that is absent, with any value (missing parent maps are added). */
export interface AddEdit extends EditBase {
  op: 'add';
  value: unknown;
}

/** Append one item to the sequence at path (created when absent). */
export interface AppendEdit extends EditBase {
  op: 'append';
  value: unknown;
}

/** Remove a key of a map or an item of a sequence. */
export interface DeleteEdit extends EditBase {
  op: 'delete';
}

export type Edit = SetEdit | AddEdit | AppendEdit | DeleteEdit;

/** What a rule offers for one finding: edits, described by a key of meta.fixes. */
export interface FixProposal {
  /** a key of the rule's meta.fixes (its text, with the report's data, describes the fix); default: the report's fixId */
  fixId?: string;
  edits: Edit[];
}

export const setValue = (path: Path, value: ScalarValue, resource?: Resource): SetEdit => ({ op: 'set', path, value, ...(resource ? { resource } : {}) });
export const addKey = (path: Path, value: unknown, resource?: Resource): AddEdit => ({ op: 'add', path, value, ...(resource ? { resource } : {}) });
export const appendItem = (path: Path, value: unknown, resource?: Resource): AppendEdit => ({ op: 'append', path, value, ...(resource ? { resource } : {}) });
export const deletePath = (path: Path, resource?: Resource): DeleteEdit => ({ op: 'delete', path, ...(resource ? { resource } : {}) });

/** Rename a key, keeping its value: delete the old key, set the new one. */
export function moveKey(from: Path, to: Path, value: unknown, resource?: Resource, toResource?: Resource): Edit[] {
  const add: Edit = isScalar(value) ? setValue(to, value, toResource ?? resource) : addKey(to, value, toResource ?? resource);
  return [deletePath(from, resource), add];
}

export function isScalar(value: unknown): value is ScalarValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * A NetworkPolicy egress rule to pods of one namespace on some ports: one peer with both
 * selectors, so it admits those pods only (two peers would admit the whole namespace and
 * every pod of that label anywhere).
 */
export function egressRuleTo(namespace: string, podLabels: Record<string, string>, ports: { protocol: 'TCP' | 'UDP'; port: number }[]): Record<string, unknown> {
  const peer: Record<string, unknown> = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } };
  if (Object.keys(podLabels).length > 0) peer.podSelector = { matchLabels: { ...podLabels } };
  return { to: [peer], ports: ports.map((p) => ({ protocol: p.protocol, port: p.port })) };
}
