/**
 * Files that a kustomization uses as patches. A strategic-merge patch repeats the kind, namespace
 * and name of the object it changes, but it is an edit of that object, not a second definition.
 */
import path from 'node:path';
import { asArray, asObj, asString, type Resource } from './resource.js';

function isKustomization(r: Resource): boolean {
  if (r.ref.apiVersion.startsWith('kustomize.config.k8s.io/')) return true;
  // kustomization.yaml files often leave apiVersion and kind out.
  return (r.kind === '' || r.kind === 'Kustomization') && /(^|\/)kustomization\.ya?ml$/.test(r.file);
}

/** Display paths of every patch file named by a kustomization in the input. */
export function kustomizePatchFiles(resources: readonly Resource[]): Set<string> {
  const files = new Set<string>();
  for (const k of resources) {
    if (!isKustomization(k)) continue;
    const dir = path.posix.dirname(k.file);
    const add = (p: string | undefined) => {
      if (p && !p.includes('\n')) files.add(path.posix.normalize(path.posix.join(dir, p)));
    };
    for (const entry of asArray(k.value.patchesStrategicMerge)) add(asString(entry));
    for (const entry of [...asArray(k.value.patches), ...asArray(k.value.patchesJson6902)]) add(asString(asObj(entry)?.path) ?? asString(entry));
  }
  return files;
}
