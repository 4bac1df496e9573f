/** Namespaces as the API server would show them, including ones the input only refers to. */
import type { Resource } from '../load/resource.js';

export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

export type UnlistedInjection = 'unknown' | 'injected' | 'not-injected';

export interface NamespaceInfo {
  name: string;
  /** labels, with the automatic `kubernetes.io/metadata.name` (Kubernetes >= 1.22) */
  labels: Record<string, string>;
  resource?: Resource;
  /** false for namespaces only referred to (or assumed, like kube-system) */
  known: boolean;
  /** how to treat injection when the namespace is not in the input */
  unlistedInjection: UnlistedInjection;
}

export function namespaceInfo(name: string, resource: Resource | undefined, unlistedInjection: UnlistedInjection): NamespaceInfo {
  const labels: Record<string, string> = Object.create(null);
  if (resource) Object.assign(labels, resource.labels);
  labels[METADATA_NAME_LABEL] = name;
  return { name, labels, resource, known: resource !== undefined, unlistedInjection };
}
