import { describe, expect, it } from 'vitest';
import { readingsOf, scanHosts } from '../../src/text/dns-names.js';
import { lintSources } from '../../src/lint.js';

function graphOf(files: Record<string, string>) {
  return lintSources(Object.entries(files).map(([path, text]) => ({ path, text })), { rules: [] }).graph;
}

const dbService = `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
`;

const caller = (env: string, extra = '') => `apiVersion: apps/v1
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

describe('scanHosts', () => {
  it('finds hosts in URLs, host:port lists and plain names with their ports and offsets', () => {
    const text = 'postgres://user:pw@db-0.db.data.svc.cluster.local:5432/app?x=1, redis:6379;kafka.data';
    const found = scanHosts(text).map((h) => [h.host, h.port, text.slice(h.offset, h.offset + h.length)]);
    expect(found).toEqual([
      ['db-0.db.data.svc.cluster.local', 5432, 'db-0.db.data.svc.cluster.local'],
      ['redis', 6379, 'redis'],
      ['kafka.data', undefined, 'kafka.data'],
    ]);
  });

  it('ignores IP addresses, versions, upper-case words and paths', () => {
    expect(scanHosts('10.0.0.1:80 1.2.3 Hello /etc/hosts').map((h) => h.host)).toEqual([]);
  });

  it('strips a trailing dot of a fully qualified name', () => {
    expect(scanHosts('db.data.svc.cluster.local.').map((h) => h.host)).toEqual(['db.data.svc.cluster.local']);
  });
});

describe('readingsOf', () => {
  it('reads FQDNs, per-pod names and the ambiguous two-label form', () => {
    expect(readingsOf('db-0.db.data.svc.cluster.local')).toEqual([{ pod: 'db-0', service: 'db', namespace: 'data', domain: 'cluster.local' }]);
    expect(readingsOf('db.data.svc')).toEqual([{ pod: undefined, service: 'db', namespace: 'data', domain: '' }]);
    expect(readingsOf('db.data')).toEqual([
      { pod: 'db', service: 'data' },
      { service: 'db', namespace: 'data' },
    ]);
    expect(readingsOf('db-1.db.data')).toEqual([{ pod: 'db-1', service: 'db', namespace: 'data' }]);
    expect(readingsOf('a.b.c.d')).toEqual([]);
  });
});

describe('CallerIndex', () => {
  it('resolves env values to Services, keeping the port and the exact location', () => {
    const graph = graphOf({
      'db.yaml': dbService,
      'api.yaml': caller('            - name: DATABASE_URL\n              value: postgres://db-0.db.data.svc.cluster.local:5432/app'),
    });
    const service = graph.get('Service', 'data', 'db');
    const refs = graph.callers.toService(service!);
    expect(refs).toHaveLength(1);
    const ref = refs[0]!;
    expect(ref.parts).toEqual({ pod: 'db-0', service: 'db', namespace: 'data', domain: 'cluster.local' });
    expect(ref.port).toBe(5432);
    expect(ref.located.span.start).toEqual({ line: 16, column: 33 });
  });

  it('reads ConfigMaps loaded by envFrom and mounted as volumes, locating inside block scalars', () => {
    const cm = `apiVersion: v1
kind: ConfigMap
metadata:
  name: conf
  namespace: app
data:
  app.properties: |
    url=jdbc:postgresql://db.data.svc.cluster.local:5432/app
`;
    const withVolume = caller('            - name: X\n              value: "1"', '\n      volumes:\n        - name: c\n          configMap: {name: conf}');
    const graph = graphOf({ 'cm.yaml': cm, 'db.yaml': dbService, 'api.yaml': withVolume });
    const refs = graph.callers.toService(graph.get('Service', 'data', 'db')!);
    expect(refs.map((r) => [r.resource.name, r.located.span.start.line, r.located.span.start.column])).toEqual([['conf', 8, 27]]);
  });

  it('accepts a bare short name only where the variable names a host', () => {
    const svc = dbService.replace('namespace: data', 'namespace: app');
    const graph = graphOf({
      'db.yaml': svc,
      'api.yaml': caller('            - name: DB_HOST\n              value: db\n            - name: DB_NAME\n              value: db'),
    });
    const refs = graph.callers.toService(graph.get('Service', 'app', 'db')!);
    expect(refs.map((r) => r.path.join('.'))).toEqual(['spec.template.spec.containers.0.env.0.value']);
  });

  it('prefers the per-pod reading of a.b when b is a Service of the caller namespace', () => {
    const svc = dbService.replace('namespace: data', 'namespace: app');
    const graph = graphOf({ 'db.yaml': svc, 'api.yaml': caller('            - name: PRIMARY\n              value: db-0.db:5432') });
    const ref = graph.callers.toService(graph.get('Service', 'app', 'db')!)[0]!;
    expect(ref.parts.pod).toBe('db-0');
  });

  it('keeps names spelled with .svc even when the Service is not in the input', () => {
    const graph = graphOf({
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: data\n',
      'api.yaml': caller('            - name: CACHE\n              value: redis.data.svc.cluster.local:6379'),
    });
    const refs = graph.callers.references;
    expect(refs.map((r) => [r.service, r.parts.service, r.namespace, r.port])).toEqual([[undefined, 'redis', 'data', 6379]]);
  });
});
