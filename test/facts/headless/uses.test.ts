import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { analysisOfFiles, service } from '../../helpers/analysis-of.js';
import { caller, pod, selectingService as svc, template as workload } from '../../helpers/pod-fixtures.js';

const callerWithEnv = (value: string) => caller(`            - name: DB_URL\n              value: ${value}`);

describe('facts.headlessUses', () => {
  it("records a StatefulSet's serviceName, in its own namespace only", () => {
    const analysis = analysisOfFiles({
      'svc.yaml': svc('db') + '---\n' + svc('db', 'other'),
      'sts.yaml': workload('StatefulSet', 'db', '  serviceName: db'),
    });
    const uses = analysis.use(facts.headlessUses).of(service(analysis, 'data', 'db'));
    expect(uses.map((u) => [u.via, u.by.display, u.path.join('.')])).toEqual([['serviceName', 'StatefulSet data/db', 'spec.serviceName']]);
    expect(analysis.use(facts.headlessUses).of(service(analysis, 'other', 'db'))).toEqual([]);
  });

  it("records a Pod's and a Deployment template's subdomain with the path of the field", () => {
    const analysis = analysisOfFiles({
      'svc.yaml': svc('workers'),
      'pod.yaml': pod('w', '  hostname: w\n  subdomain: workers'),
      'deploy.yaml': workload('Deployment', 'd', '  replicas: 2').replace('    spec:\n', '    spec:\n      subdomain: workers\n'),
    });
    const uses = analysis.use(facts.headlessUses).of(service(analysis, 'data', 'workers'));
    expect(uses.map((u) => [u.via, u.by.display, u.path.join('.')]).sort()).toEqual([
      ['subdomain', 'Deployment data/d', 'spec.template.spec.subdomain'],
      ['subdomain', 'Pod data/w', 'spec.subdomain'],
    ]);
  });

  it("ignores a StatefulSet template's subdomain: the controller replaces it with serviceName", () => {
    const analysis = analysisOfFiles({
      'svc.yaml': svc('db') + '---\n' + svc('other'),
      'sts.yaml': workload('StatefulSet', 'db', '  serviceName: db').replace('    spec:\n', '    spec:\n      subdomain: other\n'),
    });
    expect(analysis.use(facts.headlessUses).of(service(analysis, 'data', 'other'))).toEqual([]);
    expect(analysis.use(facts.headlessUses).of(service(analysis, 'data', 'db'))).toHaveLength(1);
  });

  it('records per-pod names callers use, located inside the value, and not Service-level names', () => {
    const analysis = analysisOfFiles({
      'svc.yaml': svc('db'),
      'api.yaml': callerWithEnv('postgres://db-0.db.data.svc.cluster.local:5432/app'),
      'other.yaml': callerWithEnv('db.data.svc.cluster.local:5432').replace('name: api\n', 'name: reporting\n'),
    });
    const uses = analysis.use(facts.headlessUses).of(service(analysis, 'data', 'db'));
    expect(uses).toHaveLength(1);
    const use = uses[0];
    expect(use?.via).toBe('per-pod-name');
    expect(use?.description).toBe('Deployment app/api calls the per-pod name db-0.db.data.svc.cluster.local');
    expect(use?.path.join('.')).toBe('spec.template.spec.containers.0.env.0.value');
    expect(use?.located?.span.start).toEqual({ line: 16, column: 33 });
  });

  it('gives nothing for a Service nobody relies on as headless', () => {
    const analysis = analysisOfFiles({ 'svc.yaml': svc('db'), 'sts.yaml': workload('StatefulSet', 'db', '  serviceName: other') });
    expect(analysis.use(facts.headlessUses).of(service(analysis, 'data', 'db'))).toEqual([]);
  });
});
