/**
 * The ConfigMaps a pod template reads: mounted as volumes (projected ones too), loaded whole
 * with envFrom, or one key at a time with valueFrom.configMapKeyRef. The callers fact scans them
 * for host names, the systems catalogue for settings.
 */
import { asArray, asObj, asString, type Obj } from '../load/resource.js';
import type { Workload } from './workload.js';

/** Names of the ConfigMaps the pod template mounts as volumes, projected sources included. */
export function mountedConfigMaps(workload: Workload): string[] {
  const names = new Set<string>();
  for (const v of asArray(workload.podSpec.volumes)) {
    const direct = asString(asObj(asObj(v)?.configMap)?.name);
    if (direct) names.add(direct);
    for (const source of asArray(asObj(asObj(v)?.projected)?.sources)) {
      const projected = asString(asObj(asObj(source)?.configMap)?.name);
      if (projected) names.add(projected);
    }
  }
  return [...names];
}

/** Names of the ConfigMaps a container loads whole with envFrom. */
export function envFromConfigMaps(container: Obj): string[] {
  return asArray(container.envFrom).flatMap((from) => {
    const name = asString(asObj(asObj(from)?.configMapRef)?.name);
    return name ? [name] : [];
  });
}

/** The ConfigMap and key an env entry takes its value from, if it does. */
export function configMapKeyRef(env: Obj): { name: string; key: string } | undefined {
  const ref = asObj(asObj(env.valueFrom)?.configMapKeyRef);
  const name = asString(ref?.name);
  const key = asString(ref?.key);
  return name && key ? { name, key } : undefined;
}
