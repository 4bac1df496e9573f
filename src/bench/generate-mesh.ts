/**
 * A synthetic but realistic mesh for the benchmark: per namespace a labelled Namespace, a
 * headless Service with its StatefulSet, a calling Deployment with its Service, and
 * NetworkPolicies (default deny plus the allowances a mesh needs) using namespace and pod
 * selectors; istiod and CoreDNS once. Four files per namespace, like a GitOps tree.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface GeneratedMesh {
  files: number;
  resources: number;
  bytes: number;
}

function namespaceFiles(i: number): Record<string, string> {
  const ns = `team-${String(i).padStart(4, '0')}`;
  const caller = `postgres://db-0.db.${ns}.svc.cluster.local:5432/app`;
  return {
    'namespace.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    istio-injection: enabled
    team: t${i}
`,
    'db.yaml': `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: ${ns}
  labels: {app: db}
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - name: tcp-postgres
      port: 5432
      targetPort: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: ${ns}
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db, tier: data}
    spec:
      serviceAccountName: db
      containers:
        - name: postgres
          image: postgres:16
          env:
            - name: PRIMARY_HOST
              value: db-0.db.${ns}.svc.cluster.local
          ports:
            - name: postgres
              containerPort: 5432
          readinessProbe:
            tcpSocket: {port: 5432}
`,
    'api.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api, tier: web}
    spec:
      serviceAccountName: api
      containers:
        - name: api
          image: example/api:1.0
          env:
            - name: DATABASE_URL
              value: ${caller}
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: ${ns}
spec:
  selector: {app: api}
  ports:
    - name: http
      port: 8080
`,
    'networkpolicies.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: mesh-egress
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: kube-system}
          podSelector:
            matchLabels: {k8s-app: kube-dns}
      ports:
        - {protocol: UDP, port: 53}
        - {protocol: TCP, port: 53}
    - to:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: istio-system}
          podSelector:
            matchLabels: {app: istiod}
      ports:
        - {protocol: TCP, port: 15012}
    - to:
        - podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-ingress
  namespace: ${ns}
spec:
  podSelector:
    matchLabels: {app: db}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchExpressions:
              - {key: tier, operator: In, values: [web, data]}
      ports:
        - {protocol: TCP, port: 5432}
`,
  };
}

const CONTROL_PLANE = {
  'istio-system.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: istio-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  namespace: istio-system
  labels: {app: istiod}
spec:
  selector:
    matchLabels: {app: istiod}
  template:
    metadata:
      labels: {app: istiod, sidecar.istio.io/inject: "false"}
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.24.0
          args: [discovery, --domain, cluster.local]
          ports:
            - {containerPort: 15012}
            - {containerPort: 15017}
`,
  'coredns.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
    .:53 {
        errors
        kubernetes cluster.local in-addr.arpa ip6.arpa {
           pods insecure
           fallthrough in-addr.arpa ip6.arpa
        }
        forward . /etc/resolv.conf
        cache 30
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
spec:
  selector:
    matchLabels: {k8s-app: kube-dns}
  template:
    metadata:
      labels: {k8s-app: kube-dns}
    spec:
      dnsPolicy: Default
      containers:
        - name: coredns
          image: registry.k8s.io/coredns/coredns:v1.11.3
`,
};

export function generateMesh(dir: string, namespaces: number): GeneratedMesh {
  let files = 0;
  let bytes = 0;
  let resources = 0;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    files++;
    bytes += Buffer.byteLength(text);
    resources += text.split(/^---$/m).length;
  };
  for (const [name, text] of Object.entries(CONTROL_PLANE)) write(path.join(dir, 'platform', name), text);
  for (let i = 0; i < namespaces; i++) {
    for (const [name, text] of Object.entries(namespaceFiles(i))) write(path.join(dir, 'teams', `team-${String(i).padStart(4, '0')}`, name), text);
  }
  return { files, resources, bytes };
}
