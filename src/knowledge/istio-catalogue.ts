/**
 * Istio's published annotation and label keys (knowledge/istio/*.yaml, taken from istio/api's
 * annotation/annotations.yaml and label/labels.yaml), read on first use.
 */
import { readKnowledgeFile } from './data-file.js';

export interface IstioKey {
  key: string;
  /** kinds it is meant for; 'Any' for every kind */
  resources: string[];
  status?: 'Alpha' | 'Beta' | 'Stable';
  deprecated?: boolean;
  /** written by Istio itself (the injector, the operator), not by users */
  internal?: boolean;
  /** the kind of value Istio parses (src/knowledge/istio-value-kinds.ts), or the allowed words joined by | */
  value?: string;
  /** what Istio does with a value it cannot parse: the injector refuses the pod, or the default applies */
  invalid?: 'reject' | 'default';
  /** what Istio names in place of a deprecated key */
  replacedBy?: string;
}

export interface IstioKeyCatalogue {
  source: string;
  istio: string;
  keys: IstioKey[];
}

const cache = new Map<string, IstioKeyCatalogue>();

function read(name: 'annotations' | 'labels'): IstioKeyCatalogue {
  let catalogue = cache.get(name);
  if (!catalogue) {
    catalogue = readKnowledgeFile(`istio/${name}`) as IstioKeyCatalogue;
    cache.set(name, catalogue);
  }
  return catalogue;
}

export const istioAnnotations = (): IstioKeyCatalogue => read('annotations');
export const istioLabels = (): IstioKeyCatalogue => read('labels');

/** Keys of Istio's own domains: istio.io and its subdomains (sidecar.istio.io, traffic.sidecar.istio.io...). */
export function isIstioKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash <= 0) return false;
  const domain = key.slice(0, slash);
  return domain === 'istio.io' || domain.endsWith('.istio.io');
}

export function appliesTo(entry: IstioKey, kind: string): boolean {
  return entry.resources.includes(kind) || entry.resources.includes('Any');
}
