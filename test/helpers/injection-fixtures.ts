/** Namespaces, istiods and injector webhooks, for tests of Istio's injection and its revisions. */

/** A YAML map at `indent`, or ` {}`. */
export const map = (m: Record<string, string> | undefined, indent: string) =>
  m && Object.keys(m).length > 0 ? `\n${Object.entries(m).map(([k, v]) => `${indent}  ${k}: "${v}"`).join('\n')}` : ' {}';

/** A Namespace with these labels. */
export function namespace(name: string, labels?: Record<string, string>): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:${map(labels, '  ')}\n`;
}

/** istiod of `revision` (the default one without), labelled istio.io/rev. */
export const istiod = (revision?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod${revision ? `-${revision}` : ''}
  namespace: istio-system
  labels:
    istio.io/rev: ${revision ?? 'default'}
spec:
  template:
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.24.0
          args: [discovery]
`;

/** A MutatingWebhookConfiguration with these labels and webhook entries. */
export const webhook = (name: string, labels: Record<string, string>, entries = '[]') =>
  `apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: ${name}\n  labels:${map(labels, '  ')}\nwebhooks: ${entries}\n`;
