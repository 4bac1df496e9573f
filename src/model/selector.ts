/**
 * Kubernetes label selectors: the map form of Services and the LabelSelector form
 * (`matchLabels` AND `matchExpressions`) of workloads, NetworkPolicies and Istio.
 */
import { asArray, asObj, asString, hasOwn, scalarText, textList } from '../load/resource.js';

export type Labels = Record<string, string>;

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A parsed LabelSelector. `requirements` are ANDed; no requirement selects everything. */
export interface LabelSelector {
  requirements: Requirement[];
  /** the selector is malformed (unknown operator...): Kubernetes rejects it, so it selects nothing here */
  invalid: boolean;
}

export const SELECT_ALL: LabelSelector = { requirements: [], invalid: false };

/** Service `spec.selector` style: every key must equal. */
export function fromMap(map: unknown): LabelSelector {
  const obj = asObj(map);
  const requirements: Requirement[] = [];
  let invalid = false;
  if (obj) {
    for (const key of Object.keys(obj)) {
      const value = scalarText(obj[key]);
      // A map or list as a label value is rejected by the API server: such a selector selects nothing.
      if (value === undefined) invalid = true;
      else requirements.push({ key, operator: 'In', values: [value] });
    }
  }
  return { requirements, invalid };
}

/** A metav1.LabelSelector (`matchLabels` + `matchExpressions`). */
export function fromLabelSelector(selector: unknown): LabelSelector {
  const obj = asObj(selector);
  if (!obj) return SELECT_ALL;
  const parsed = fromMap(obj.matchLabels);
  for (const raw of asArray(obj.matchExpressions)) {
    const expr = asObj(raw);
    const key = asString(expr?.key);
    const operator = asString(expr?.operator);
    if (!key || !operator || !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator)) {
      parsed.invalid = true;
      continue;
    }
    parsed.requirements.push({
      key,
      operator: operator as Requirement['operator'],
      values: textList(expr?.values),
    });
  }
  return parsed;
}

export function matches(selector: LabelSelector, labels: Labels): boolean {
  if (selector.invalid) return false;
  for (const req of selector.requirements) {
    const present = hasOwn(labels, req.key);
    const value = present ? labels[req.key] : undefined;
    switch (req.operator) {
      case 'In':
        if (!present || !req.values.includes(value as string)) return false;
        break;
      case 'NotIn':
        // An absent key satisfies NotIn, as in Kubernetes.
        if (present && req.values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

export function isEmpty(selector: LabelSelector): boolean {
  return !selector.invalid && selector.requirements.length === 0;
}

export function describeSelector(selector: LabelSelector): string {
  if (selector.requirements.length === 0) return '{} (everything)';
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}
