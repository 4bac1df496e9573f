/**
 * Which documents are Kubernetes objects, and whether they say what they are.
 *
 * A document is treated as a Kubernetes object when it has apiVersion or kind together with a
 * metadata field, or when its kind and apiVersion are ones we model. That keeps out the YAML files that merely
 * share a word with Kubernetes: Helm values and GitHub workflows (no apiVersion nor kind),
 * Chart.yaml (apiVersion, no metadata), kustomization.yaml and kubeconfig files (apiVersion and
 * kind, no metadata).
 */
import { asObj, hasOwn, type Resource } from '../load/resource.js';
import type { SchemaProblem } from './describe.js';

// Tool and component configuration files: read by a program, never stored by the API server,
// so they need no metadata.name.
const CONFIG_GROUP = /(^|\.)config\.k8s\.io\/|^kubeadm\.k8s\.io\/|^install\.istio\.io\//;

/** `models(kind, apiVersion)`: is that kind modeled in that apiVersion (in any, when apiVersion is undefined)? */
export function isKubernetesObject(value: Record<string, unknown>, models: (kind: string, apiVersion?: string) => boolean): boolean {
  const hasApi = hasOwn(value, 'apiVersion');
  const hasKind = hasOwn(value, 'kind');
  if (!hasApi && !hasKind) return false;
  if (hasOwn(value, 'metadata')) return true;
  if (typeof value.kind !== 'string') return false;
  return hasApi ? typeof value.apiVersion === 'string' && models(value.kind, value.apiVersion) : models(value.kind);
}

/** Missing or mistyped apiVersion, kind and metadata.name. */
export function identityProblems(resource: Resource): SchemaProblem[] {
  const value = resource.value;
  const problems: SchemaProblem[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    if (!hasOwn(value, field) || value[field] === null) {
      problems.push({
        code: field === 'apiVersion' ? 'noApiVersion' : 'noKind',
        path: [],
        key: true,
        message: `the object has no ${field}; Kubernetes cannot tell what it is and rejects it.`,
        fix: field === 'apiVersion' ? 'Add apiVersion (v1 for Services, Pods and ConfigMaps; apps/v1 for Deployments and StatefulSets).' : 'Add kind.',
      });
    } else if (typeof value[field] !== 'string' || value[field] === '') {
      problems.push({ code: field === 'apiVersion' ? 'apiVersionNotString' : 'kindNotString', path: [field], key: false, message: `${field} must be a non-empty string.`, fix: `Write ${field} as a string.` });
    }
  }
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  const metadata = asObj(value.metadata);
  const named = typeof metadata?.name === 'string' && metadata.name !== '';
  const generated = typeof metadata?.generateName === 'string' && metadata.generateName !== '';
  const nameAbsent = metadata?.name === undefined || metadata.name === null || metadata.name === '';
  // metadata that is not a mapping at all is the schema's type error, not a missing name.
  const metadataUsable = metadata !== undefined || value.metadata === undefined || value.metadata === null;
  if (!named && !generated && nameAbsent && metadataUsable && !CONFIG_GROUP.test(apiVersion)) {
    problems.push({
      code: 'noName',
      path: metadata ? ['metadata'] : [],
      key: true,
      message: 'the object has no metadata.name; Kubernetes rejects it (only `kubectl create` accepts metadata.generateName instead).',
      fix: 'Add metadata.name.',
    });
  }
  return problems;
}
