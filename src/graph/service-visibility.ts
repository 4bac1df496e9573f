/**
 * Is a Service in a client namespace's registry? Istio hides a Service from namespaces outside
 * its `networking.istio.io/exportTo` annotation (default: mesh `defaultServiceExportTo`, `*`);
 * a client that cannot see it sends to the pod IPs as passthrough, without mTLS
 * (https://istio.io/latest/docs/reference/config/annotations/#NetworkingExportTo).
 */
import type { Resource } from '../load/resource.js';

export const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

export function serviceVisibleFrom(service: Resource, clientNamespace: string, defaultExportTo: readonly string[]): boolean {
  const written = service.annotations[EXPORT_TO_ANNOTATION];
  const exportTo = written !== undefined ? written.split(',').map((s) => s.trim()).filter(Boolean) : defaultExportTo;
  return exportTo.some((to) => to === '*' || to === clientNamespace || (to === '.' && service.namespace === clientNamespace));
}
