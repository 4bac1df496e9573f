import { describe, expect, it } from 'vitest';
import { analysisOfFiles, service } from '../helpers/analysis-of.js';
import { pod, selectingService as svc, template as workload } from '../helpers/pod-fixtures.js';

describe('model.selectedBy', () => {
  it('selects pod templates whose labels include the selector, in the same namespace', () => {
    const analysis = analysisOfFiles({
      'svc.yaml': svc('db', 'data', 'app: db, tier: data'),
      'a.yaml': workload('StatefulSet', 'match', '  serviceName: db', 'app: db, tier: data, extra: x'),
      'b.yaml': workload('Deployment', 'partial', '  replicas: 1', 'app: db'),
      'c.yaml': workload('StatefulSet', 'elsewhere', '  serviceName: db', 'app: db, tier: data', 'other'),
    });
    expect(analysis.model.selectedBy(service(analysis, 'data', 'db')).map((w) => w.display)).toEqual(['StatefulSet data/match']);
  });

  it("reads every workload kind's template, including a CronJob's and a bare Pod's labels", () => {
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
  namespace: data
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: db}
        spec:
          containers:
            - name: backup
              image: example/backup:1.0
`;
    const analysis = analysisOfFiles({ 'svc.yaml': svc('db'), 'cron.yaml': cron, 'pod.yaml': pod('p', '  hostname: p') });
    expect(analysis.model.selectedBy(service(analysis, 'data', 'db')).map((w) => w.display).sort()).toEqual(['CronJob data/backup', 'Pod data/p']);
  });

  it('selects nothing for an empty or absent selector, and a value must match exactly', () => {
    const analysis = analysisOfFiles({
      'svc.yaml': svc('empty', 'data', '') + '---\n' + svc('none', 'data').replace('  selector: {app: db}\n', '') + '---\n' + svc('case', 'data', 'app: DB'),
      'sts.yaml': workload('StatefulSet', 'db', '  serviceName: db'),
    });
    for (const name of ['empty', 'none', 'case']) expect(analysis.model.selectedBy(service(analysis, 'data', name))).toEqual([]);
  });

  it('keeps the answer: the same array on every call', () => {
    const analysis = analysisOfFiles({ 'svc.yaml': svc('db'), 'sts.yaml': workload('StatefulSet', 'db', '  serviceName: db') });
    const s = service(analysis, 'data', 'db');
    expect(analysis.model.selectedBy(s)).toBe(analysis.model.selectedBy(s));
  });
});
