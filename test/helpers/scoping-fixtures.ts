/** Small manifests for the mesh rules' tests: namespaces, a headless database, a caller, istiod. */

export type Labels = Record<string, string>;

const block = (m: Labels | undefined, indent: string) =>
  m && Object.keys(m).length > 0 ? `\n${Object.entries(m).map(([k, v]) => `${indent}${k}: "${v}"`).join('\n')}` : ' {}';

export function namespace(name: string, labels?: Labels): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:${block(labels, '    ')}
`;
}

/** Headless Service db and its StatefulSet, 38 lines; the pod template labels start at line 30. */
export function database(ns = 'data', options: { podLabels?: Labels; annotations?: Labels; hostNetwork?: boolean } = {}): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: ${ns}
  annotations:${block(options.annotations, '    ')}
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - name: tcp-postgres
      port: 5432
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
    matchLabels:
      app: db
  template:
    metadata:
      labels:${block({ app: 'db', ...options.podLabels }, '        ')}
    spec:
      hostNetwork: ${options.hostNetwork === true}
      containers:
        - name: postgres
          image: postgres:16
`;
}

/** A Deployment that calls `host` through DB_HOST; the value is on line 23 (+ label lines). */
export function caller(ns = 'app', host = 'db-0.db.data.svc.cluster.local:5432', options: { name?: string; podLabels?: Labels } = {}): string {
  const name = options.name ?? 'api';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:${block({ app: name, ...options.podLabels }, '        ')}
    spec:
      containers:
        - name: ${name}
          image: example/${name}:1.0
          env:
            - name: DB_HOST
              value: ${host}
`;
}

export const istiod = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  namespace: istio-system
spec:
  template:
    metadata:
      labels:
        sidecar.istio.io/inject: "false"
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.24.0
          args: [discovery]
`;

/** ConfigMap istio-system/istio with the given mesh config (indented into the block). */
export function meshConfig(mesh: string, name = 'istio'): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: istio-system
data:
  mesh: |
${mesh
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;
}
