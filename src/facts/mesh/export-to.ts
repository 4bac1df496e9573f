/**
 * Service visibility across namespaces: the Service annotation `networking.istio.io/exportTo`
 * (comma-separated: `*` everywhere, `.` its own namespace, `~` nowhere, or namespace names),
 * else mesh config `defaultServiceExportTo` (default `*`). istio/istio
 * pilot/pkg/serviceregistry/kube/conversion.go; configuration-scoping docs.
 */
import type { Located, Path } from '../../load/parser.js';
import type { Resource } from '../../load/resource.js';
import type { MeshConfig } from './mesh-config.js';

export const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

export interface ExportTo {
  values: string[];
  /** where it is written: the annotation, or the mesh config */
  resource: Resource;
  path?: Path;
  located?: Located;
  origin: string;
}

/** The annotation's values; undefined when it is absent or empty (then the mesh default applies). */
function annotationValues(service: Resource): string[] | undefined {
  const annotation = service.annotations[EXPORT_TO_ANNOTATION];
  if (annotation === undefined || annotation.trim() === '') return undefined;
  return annotation.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

export function exportToOf(service: Resource, meshConfigs: MeshConfig[]): ExportTo | undefined {
  const values = annotationValues(service);
  if (values) {
    return { values, resource: service, path: ['metadata', 'annotations', EXPORT_TO_ANNOTATION], origin: `annotation ${EXPORT_TO_ANNOTATION}` };
  }
  const mesh = meshConfigs.find((m) => m.revision === 'default' && m.value.defaultServiceExportTo !== undefined) ?? meshConfigs.find((m) => m.value.defaultServiceExportTo !== undefined);
  if (!mesh) return undefined;
  return { values: mesh.defaultServiceExportTo, resource: mesh.resource, located: mesh.locate(['defaultServiceExportTo']), origin: `defaultServiceExportTo in ${mesh.origin}` };
}

export function exportedTo(values: string[], serviceNamespace: string, clientNamespace: string): boolean {
  return values.some((v) => v === '*' || v === clientNamespace || (v === '.' && clientNamespace === serviceNamespace));
}

/**
 * Is the Service in a client namespace's registry? A client that cannot see it sends to the pod
 * IPs as passthrough, without mTLS (https://istio.io/latest/docs/reference/config/annotations/#NetworkingExportTo).
 */
export function serviceVisibleFrom(service: Resource, clientNamespace: string, defaultExportTo: readonly string[]): boolean {
  return exportedTo(annotationValues(service) ?? [...defaultExportTo], service.namespace, clientNamespace);
}
