/**
 * Whether two label selectors can match one object, and a label set both match.
 *
 * Each key is judged on its own: the requirements of both selectors on a key must admit one value
 * (or the key's absence). Only `keys` may carry a value in the label set sought; any other key is
 * taken as absent, so a selector that needs such a key (In, Exists) is taken to match nothing.
 * That is how webhooks written for Istio's injection labels are compared: `istio.io/deactivated:
 * never-match`, which istioctl tag writes to switch a webhook off, then matches no object.
 */
import type { Labels, LabelSelector, Requirement } from './selector.js';

/** Values tried for a key that only needs to exist, in this order. */
const PLAIN_VALUES = ['enabled', 'true', 'default'];

/** A label set that both selectors match, using only `keys`; undefined when there is none. */
export function commonLabels(a: LabelSelector, b: LabelSelector, keys: readonly string[]): Labels | undefined {
  if (a.invalid || b.invalid) return undefined;
  const byKey = new Map<string, Requirement[]>();
  for (const r of [...a.requirements, ...b.requirements]) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const labels: Labels = {};
  for (const [key, requirements] of byKey) {
    const value = valueFor(requirements, keys.includes(key));
    if (value === null) return undefined;
    if (value !== undefined) labels[key] = value;
  }
  return labels;
}

/** A value meeting every requirement, undefined for "absent", null when none can. */
function valueFor(requirements: Requirement[], mayCarry: boolean): string | undefined | null {
  const needsValue = requirements.some((r) => r.operator === 'In' || r.operator === 'Exists');
  if (!needsValue) return undefined;
  if (!mayCarry || requirements.some((r) => r.operator === 'DoesNotExist')) return null;
  const excluded = new Set(requirements.filter((r) => r.operator === 'NotIn').flatMap((r) => r.values));
  const allowed = requirements.filter((r) => r.operator === 'In').map((r) => r.values);
  if (allowed.length > 0) {
    const [first, ...rest] = allowed as [string[], ...string[][]];
    return first.find((v) => !excluded.has(v) && rest.every((values) => values.includes(v))) ?? null;
  }
  return PLAIN_VALUES.find((v) => !excluded.has(v)) ?? [...excluded].join('') + '-x';
}
