/**
 * Manifests shared by the headless rules' tests: a PostgreSQL StatefulSet `data/db`, its Service
 * and a caller. Each part can be replaced; the line layout is fixed, so tests can assert positions.
 */

const lines = (...parts: string[]) => `${parts.filter((p) => p !== '').join('\n')}\n`;

export interface ServiceOptions {
  name?: string;
  namespace?: string;
  /** lines right under `spec:` (clusterIP, type...) */
  spec?: string;
  /** the selector block; '' for none */
  selector?: string;
  /** the items under `ports:` */
  ports?: string;
}

/** Lines 1-6 are the header and `spec:` (line 6); `spec` lines follow from line 7. */
export function service({ name = 'db', namespace = 'data', spec = '', selector = '  selector:\n    app: db', ports = '    - name: tcp-postgres\n      port: 5432' }: ServiceOptions = {}): string {
  return lines('apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, 'spec:', spec, selector, '  ports:', ports);
}

export interface StatefulSetOptions {
  name?: string;
  namespace?: string;
  /** line 7 of the file, e.g. `serviceName: db` */
  line7?: string;
  /** the pod template's label lines (from line 14, indented by 8) */
  labels?: string;
  /** appended after the container's image (line 18), e.g. a `ports:` block */
  container?: string;
}

export function statefulSet({ name = 'db', namespace = 'data', line7 = 'serviceName: db', labels = '        app: db', container = '' }: StatefulSetOptions = {}): string {
  return lines(
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  ${line7}`,
    '  selector:',
    '    matchLabels:',
    '      app: db',
    '  template:',
    '    metadata:',
    '      labels:',
    labels,
    '    spec:',
    '      containers:',
    '        - name: postgres',
    '          image: postgres:16',
    container,
  );
}

/** Deployment data/api whose DATABASE_URL (line 20, the value from column 22) is `value`. */
export function caller(value: string): string {
  return lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    '  namespace: data',
    'spec:',
    '  selector:',
    '    matchLabels:',
    '      app: api',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: api',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: example/api:1.0',
    '          env:',
    '            - name: DATABASE_URL',
    `              value: ${value}`,
  );
}
