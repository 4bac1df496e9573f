/** Small manifests of a mesh with a headless database, for the 503-layer rule tests. */

export const namespaces = (extra = '') => `apiVersion: v1
kind: Namespace
metadata:
  name: data
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Namespace
metadata:
  name: app
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Namespace
metadata:
  name: legacy
${extra}`;

export const headlessService = (ports = '    - name: tcp-postgres\n      port: 5432', extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
${extra}spec:
  clusterIP: None
  selector:
    app: db
  ports:
${ports}
`;

/** `annotations`: lines of pod-template annotations, indented by 8. */
export const statefulSet = (containerPorts = '            - containerPort: 5432', podExtra = '', annotations = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
${annotations ? `      annotations:\n${annotations}\n` : ''}    spec:
      serviceAccountName: db
${podExtra}      containers:
        - name: postgres
          image: postgres:16
          ports:
${containerPorts}
`;

export const client = (namespace: string, url: string, name = 'api') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      serviceAccountName: ${name}
      containers:
        - name: ${name}
          image: example/${name}:1
          env:
            - name: DATABASE_URL
              value: ${url}
`;

export const peerAuthentication = (namespace: string, spec: string, name = 'default') => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}`;

export const STRICT = '  mtls:\n    mode: STRICT\n';
export const DB_URL = 'postgres://db-0.db.data.svc.cluster.local:5432/app';
