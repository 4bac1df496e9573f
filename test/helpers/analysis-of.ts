/**
 * The analysis of inline YAML for module tests: the model of what was read and the facts over
 * it, as `lint` computes them, with no rule run.
 */
import type { Analysis } from '../../src/facts/store.js';
import { lintSources } from '../../src/lint.js';
import type { Resource } from '../../src/load/resource.js';
import type { ClusterSettings } from '../../src/model/settings.js';
import type { Workload } from '../../src/model/workload.js';

/** The documents as one file, in.yaml (a leading newline of each is dropped). */
export function analysisOf(...docs: string[]): Analysis {
  return analysisOfFiles({ 'in.yaml': docs.map((d) => d.replace(/^\n/, '')).join('\n---\n') });
}

/** Files by name, linted together, with what the input cannot show (--cluster-domain, the config file). */
export function analysisOfFiles(files: Record<string, string>, settings?: Partial<ClusterSettings>): Analysis {
  return lintSources(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { rules: [], settings },
  ).analysis;
}

/** The first workload of that name. */
export function workload(analysis: Analysis, name: string): Workload {
  const found = analysis.model.workloads.find((w) => w.name === name);
  if (!found) throw new Error(`no workload ${name}`);
  return found;
}

/** The Service of that namespace and name. */
export function service(analysis: Analysis, namespace: string, name: string): Resource {
  const found = analysis.model.get('Service', namespace, name);
  if (!found) throw new Error(`no Service ${namespace}/${name}`);
  return found;
}
