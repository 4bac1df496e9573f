/** Everything that relies on a Service being headless: StatefulSets, pod subdomains, per-pod names. */
import type { Located, Path } from '../../load/parser.js';
import { asString, type Resource } from '../../load/resource.js';
import { WORKLOAD_KINDS } from '../../model/workload.js';
import { callers } from '../calls/callers.js';
import { defineFact } from '../define.js';

/** Why a Service is expected to be headless. */
export interface HeadlessUse {
  /** a StatefulSet's serviceName, a pod template's subdomain, or a caller's per-pod DNS name */
  via: 'serviceName' | 'subdomain' | 'per-pod-name';
  by: Resource;
  /** field of `by` that shows the use */
  path: Path;
  /** the exact place inside embedded text (a per-pod name in a ConfigMap), when `path` is a whole string */
  located?: Located;
  description: string;
}

export interface HeadlessUses {
  of(service: Resource): HeadlessUse[];
}

export const headlessUses = defineFact({
  id: 'headless.uses',
  description: "what relies on each Service being headless: a StatefulSet's serviceName, a pod's subdomain, a caller's per-pod name",
  reads: [...WORKLOAD_KINDS, 'Service'],
  uses: [callers],
  compute: ({ model, use }): HeadlessUses => {
    const map = new Map<Resource, HeadlessUse[]>();
    const add = (svc: Resource | undefined, entry: HeadlessUse) => {
      if (!svc) return;
      const list = map.get(svc);
      if (list) list.push(entry);
      else map.set(svc, [entry]);
    };
    for (const w of model.workloads) {
      if (w.kind === 'StatefulSet') {
        const name = asString(w.resource.spec.serviceName);
        if (name) add(model.get('Service', w.namespace, name), { via: 'serviceName', by: w.resource, path: ['spec', 'serviceName'], description: `${w.display} names it as spec.serviceName` });
      }
      // The StatefulSet controller overwrites its pods' subdomain with serviceName
      // (pkg/controller/statefulset/stateful_set_utils.go, initIdentity).
      const subdomain = w.kind === 'StatefulSet' ? undefined : asString(w.podSpec.subdomain);
      if (subdomain) add(model.get('Service', w.namespace, subdomain), { via: 'subdomain', by: w.resource, path: w.specPath('subdomain'), description: `${w.display} names it as the pods' spec.subdomain` });
    }
    for (const ref of use(callers).references) {
      if (ref.service && ref.parts.pod) {
        // A position costs a positioned parse of the file: read only when a finding uses it.
        add(ref.service, { via: 'per-pod-name', by: ref.resource, path: ref.path, get located() { return ref.located; }, description: `${ref.caller.display} calls the per-pod name ${ref.name}` });
      }
    }
    return { of: (service) => map.get(service) ?? [] };
  },
});
