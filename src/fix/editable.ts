/**
 * Which input a fix may be written to. Rendered output is regenerated from its source, so an
 * edit there would be lost (or, committed, would drift from the chart or overlay): the finding
 * names the file to change instead. Standard input has no file at all.
 */
import type { Resource } from '../load/resource.js';
import { STDIN_NAME } from '../load/walker.js';

/** Kustomize's origin annotation (buildMetadata: [originAnnotations]): the file a rendered resource came from. */
export const KUSTOMIZE_ORIGIN = 'config.kubernetes.io/origin';

/** null when --fix may edit the resource's file; otherwise why not, and what to change. */
export function notEditable(resource: Resource): string | null {
  const file = resource.document.file;
  const origin = resource.annotations[KUSTOMIZE_ORIGIN];
  if (origin !== undefined) {
    const source = /(?:^|\n)\s*path:\s*['"]?([^'"\n]+?)['"]?\s*(?:\n|$)/.exec(origin)?.[1];
    return `rendered by Kustomize${source ? ` from ${source}` : ''}: make the change in ${source ?? 'the base or overlay that produces it'}`;
  }
  // A dump of the cluster (kubectl get -o yaml): the object the API server holds, not a manifest.
  if (typeof resource.metadata.resourceVersion === 'string' || typeof resource.metadata.uid === 'string') {
    return `a live object read from the cluster (metadata.resourceVersion/uid): make the change in the manifest it was applied from (or kubectl edit ${resource.kind.toLowerCase()} ${resource.name}${resource.ref.namespace ? ` -n ${resource.ref.namespace}` : ''})`;
  }
  if (file.renderedFrom !== undefined) return `rendered by Helm (${file.renderedFrom}): make the change in the chart's template ${file.path} or in its values`;
  if (file.fromStdin) return `read from standard input: make the change in the file ${file.path === STDIN_NAME ? 'it was produced from' : file.path}`;
  return null;
}
