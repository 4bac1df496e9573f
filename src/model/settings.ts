/** What the input cannot show about the cluster, set by flags or the config file. */
import type { UnlistedInjection } from './namespaces.js';

export interface ClusterSettings {
  /** set by --cluster-domain or the config file */
  clusterDomain?: { value: string; origin: string };
  /** set by --istio-version or the config file: the Istio release, when the input does not show it */
  istioVersion?: { value: string; origin: string };
  defaultNamespace: string;
  dnsNamespace: string;
  dnsPodLabels: Record<string, string>;
  istioRootNamespace: string;
  unlistedNamespaces: UnlistedInjection;
}

export const DEFAULT_SETTINGS: ClusterSettings = {
  defaultNamespace: 'default',
  dnsNamespace: 'kube-system',
  dnsPodLabels: { 'k8s-app': 'kube-dns' },
  istioRootNamespace: 'istio-system',
  unlistedNamespaces: 'unknown',
};
