/** Manifests that declare the cluster domain, shared by the domain rules' and modules' tests. */

export const kubelet = (domain: string) => `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
clusterDomain: ${domain}
`;

/** dnsDomain (line 5, column 14) only when given; `networking` is at line 3. */
export const kubeadm = (dnsDomain?: string) => `apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
networking:
  podSubnet: 10.244.0.0/16
${dnsDomain ? `  dnsDomain: ${dnsDomain}\n` : ''}`;

/** ConfigMap kube-system/coredns; the Corefile's first line is line 8, indented by 4. */
export const corednsConfigMap = (corefileText: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
${corefileText
  .split('\n')
  .map((l) => (l ? `    ${l}` : l))
  .join('\n')}`;

/** The zones start at line 9, column 20. */
export const corefile = (zones: string) =>
  corednsConfigMap(`.:53 {
    kubernetes ${zones} in-addr.arpa ip6.arpa {
       pods insecure
    }
}
`);

/** clusterDomain at line 10, column 24. */
export const istioOperator = (domain: string) => `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata:
  name: control-plane
  namespace: istio-system
spec:
  values:
    global:
      proxy:
        clusterDomain: ${domain}
`;

/** clusterDomain at line 10, column 37 (the opening quote). */
export const injectorValues = (domain: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector
  namespace: istio-system
data:
  values: |-
    {
      "global": {
        "proxy": { "clusterDomain": "${domain}" }
      }
    }
`;
