/**
 * Which namespaces istiod watches: mesh config `discoverySelectors`, a list of LabelSelectors
 * OR'ed over namespace labels; absent or empty, every namespace
 * (https://istio.io/latest/docs/ops/configuration/mesh/configuration-scoping/).
 */
import { METADATA_NAME_LABEL, type NamespaceInfo } from '../../model/namespaces.js';
import { matches, type LabelSelector } from '../../model/selector.js';

/** 'maybe': the namespace is not in the input and only its automatic name label is known. */
export type Discovered = 'yes' | 'no' | 'maybe';

export function discovered(selectors: LabelSelector[] | undefined, ns: NamespaceInfo): Discovered {
  if (!selectors || selectors.length === 0) return 'yes';
  if (selectors.some((s) => matches(s, ns.labels))) return 'yes';
  if (ns.known) return 'no';
  return selectors.every((s) => failsOnName(s, ns.name)) ? 'no' : 'maybe';
}

// A selector that rejects the namespace's name fails whatever other labels the namespace has.
function failsOnName(selector: LabelSelector, name: string): boolean {
  if (selector.invalid) return true;
  return selector.requirements.some((r) => r.key === METADATA_NAME_LABEL && !matches({ requirements: [r], invalid: false }, { [METADATA_NAME_LABEL]: name }));
}
