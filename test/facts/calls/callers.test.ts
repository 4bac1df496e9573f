import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { analysisOfFiles, service } from '../../helpers/analysis-of.js';
import { caller } from '../../helpers/pod-fixtures.js';

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

describe('CallerIndex', () => {
  it('resolves env values to Services, keeping the port and the exact location', () => {
    const analysis = analysisOfFiles({
      'db.yaml': dbService,
      'api.yaml': caller('            - name: DATABASE_URL\n              value: postgres://db-0.db.data.svc.cluster.local:5432/app'),
    });
    const refs = analysis.use(facts.callers).toService(service(analysis, 'data', 'db'));
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
    const analysis = analysisOfFiles({ 'cm.yaml': cm, 'db.yaml': dbService, 'api.yaml': withVolume });
    const refs = analysis.use(facts.callers).toService(service(analysis, 'data', 'db'));
    expect(refs.map((r) => [r.resource.name, r.located.span.start.line, r.located.span.start.column])).toEqual([['conf', 8, 27]]);
  });

  it('accepts a bare short name only where the variable names a host', () => {
    const svc = dbService.replace('namespace: data', 'namespace: app');
    const analysis = analysisOfFiles({
      'db.yaml': svc,
      'api.yaml': caller('            - name: DB_HOST\n              value: db\n            - name: DB_NAME\n              value: db'),
    });
    const refs = analysis.use(facts.callers).toService(service(analysis, 'app', 'db'));
    expect(refs.map((r) => r.path.join('.'))).toEqual(['spec.template.spec.containers.0.env.0.value']);
  });

  it('prefers the per-pod reading of a.b when b is a Service of the caller namespace', () => {
    const svc = dbService.replace('namespace: data', 'namespace: app');
    const analysis = analysisOfFiles({ 'db.yaml': svc, 'api.yaml': caller('            - name: PRIMARY\n              value: db-0.db:5432') });
    const ref = analysis.use(facts.callers).toService(service(analysis, 'app', 'db'))[0]!;
    expect(ref.parts.pod).toBe('db-0');
  });

  it('keeps names spelled with .svc even when the Service is not in the input', () => {
    const analysis = analysisOfFiles({
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: data\n',
      'api.yaml': caller('            - name: CACHE\n              value: redis.data.svc.cluster.local:6379'),
    });
    const refs = analysis.use(facts.callers).references;
    expect(refs.map((r) => [r.service, r.parts.service, r.namespace, r.port])).toEqual([[undefined, 'redis', 'data', 6379]]);
  });
});
