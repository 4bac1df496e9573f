/** Services, workloads and a caller, for tests of what a Service selects, who calls it and what relies on it. */

/** A headless Service selecting `selector` (written inside braces). */
export const selectingService = (name: string, namespace = 'data', selector = 'app: db') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  clusterIP: None
  selector: {${selector}}
`;

/** A workload of `kind` (not a Pod) whose spec starts with `extra`. */
export const template = (kind: string, name: string, extra: string, labels = 'app: db', namespace = 'data') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${extra}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
        - name: main
          image: example/main:1.0
`;

/** A bare Pod whose spec starts with `spec`. */
export const pod = (name: string, spec: string, labels = 'app: db') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: data
  labels: {${labels}}
spec:
${spec}
  containers:
    - name: main
      image: example/main:1.0
`;

/** Deployment app/api with these env entries (from line 15, indented by 12), then `extra` under the pod spec. */
export const caller = (env: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: app
spec:
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: example/api
          env:
${env}${extra}
`;
