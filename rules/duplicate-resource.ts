import { defineRule } from '../src/engine/rule.js';
import { kustomizePatchFiles } from '../src/load/kustomize-patches.js';
import type { Resource } from '../src/load/resource.js';

/** The API group of an apiVersion: `apps/v1` -> apps, `v1` -> the core group. Versions of one group name the same object. */
function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

function identity(r: Resource): string | undefined {
  if (!r.kind || !r.name) return undefined; // generateName objects and Helm values have no identity
  return [apiGroup(r.ref.apiVersion), r.kind, r.namespace, r.name].join('\u0000');
}

/** Source order, independent of the order the files were given in. */
function bySource(a: Resource, b: Resource): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const pa = a.locate([]).span.start;
  const pb = b.locate([]).span.start;
  return pa.line - pb.line || pa.column - pb.column;
}

function where(r: Resource): string {
  const { line } = r.locate(['metadata', 'name']).span.start;
  return `${r.file}:${line}`;
}

const ONE_OBJECT = 'They are one object in the cluster, so the definition applied last silently replaces the others; keep one.';

export default defineRule({
  meta: {
    id: 'duplicate-resource',
    cause: 'input',
    severity: 'error',
    description: 'The same object (group, kind, namespace, name) is defined more than once in the input.',
    why:
      'An object is identified by its API group, kind, namespace and name. Two definitions are one object: `kubectl apply` applies both in turn and the later file silently replaces the earlier one (a Service that is headless in one file and has a cluster IP in the other ends up as whichever came last), and GitOps tools report a conflict or flap. The linter cannot know which one the cluster will hold, so every other finding about that object is in doubt. Files that a kustomization in the input names as patches are edits, not definitions, and are not counted.',
    diagnose: ['kubectl get <kind> <name> -n <namespace> -o yaml', 'kubectl diff -f <file>'],
    fix: 'Keep one definition and delete or rename the other; if the files describe different clusters or environments (overlays, per-cluster folders), lint each set in its own run, or render a kustomize overlay with `kustomize build` and lint the output.',
    sources: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/ (a name is unique per kind and namespace)',
      'https://kubernetes.io/docs/reference/using-api/api-concepts/ (an object is addressed by group, version, resource, namespace and name)',
      'https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/',
    ],
    messages: {
      definedTwice: `{{resource}} is defined 2 times: first at {{first}}, again here. ${ONE_OBJECT}`,
      definedMoreTimes: `{{resource}} is defined {{count}} times: first at {{first}}, again here and again at {{others}}. ${ONE_OBJECT}`,
    },
    // The object identifies a finding; where its other definitions are (file:line) and how many
    // there are change with edits elsewhere.
    volatileData: ['first', 'count', 'others'],
    trace: { scope: 'input' },
  },
  check({ model, report }) {
    const groups = new Map<string, Resource[]>();
    const patches = kustomizePatchFiles(model.resources);
    for (const r of model.resources) {
      if (patches.has(r.file)) continue;
      const id = identity(r);
      if (id === undefined) continue;
      const list = groups.get(id);
      if (list) list.push(r);
      else groups.set(id, [r]);
    }
    for (const list of groups.values()) {
      if (list.length < 2) continue;
      const [first, second, ...rest] = [...list].sort(bySource) as [Resource, Resource, ...Resource[]];
      report({
        resource: second,
        path: ['metadata', 'name'],
        messageId: rest.length > 0 ? 'definedMoreTimes' : 'definedTwice',
        data: { resource: second.display, first: where(first), ...(rest.length > 0 ? { count: list.length, others: rest.map(where).join(', ') } : {}) },
        related: [first, ...rest].map((r, i) => ({ resource: r, path: ['metadata', 'name'], message: i === 0 ? `first definition of ${r.display}` : `another definition of ${r.display}` })),
      });
    }
  },
});
