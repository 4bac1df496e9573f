/** Malformed Services and StatefulSets must never make a cause-2 rule throw (an internal-error finding). */
import { describe, expect, it } from 'vitest';
import headlessPortMismatch from '../../rules/headless-port-mismatch.js';
import headlessSelectorMatchesNothing from '../../rules/headless-selector-matches-nothing.js';
import invalidHeadlessClusterIp from '../../rules/invalid-headless-cluster-ip.js';
import serviceNotHeadless from '../../rules/service-not-headless.js';
import statefulsetServiceMissing from '../../rules/statefulset-service-missing.js';
import { INTERNAL_ERROR } from '../../src/engine/run.js';
import { lintSources } from '../../src/lint.js';

const rules = [headlessPortMismatch, headlessSelectorMatchesNothing, invalidHeadlessClusterIp, serviceNotHeadless, statefulsetServiceMissing];

const odd = [
  'spec: null',
  'spec: [1, 2]',
  'spec: {clusterIP: None, selector: "app=db", ports: "5432"}',
  'spec: {clusterIP: None, selector: {app: db}, ports: [null, 5432, {port: "x"}, {port: 80, targetPort: {a: 1}}, {port: 80, targetPort: [1]}]}',
  'spec: {clusterIP: None, selector: {app: [db]}, ports: [{port: 80, targetPort: web}]}',
  'spec: {clusterIP: {a: 1}, clusterIPs: None, type: [NodePort]}',
  'spec: {clusterIPs: [null, {}, None], Cluster_IP: [None]}',
  'spec: {clusterIP: None, selector: {}, ports: []}',
];

const statefulSets = [
  'spec: {serviceName: [db], template: null}',
  'spec: {serviceName: 5, template: {metadata: {labels: [app]}, spec: {containers: "x"}}}',
  'spec: {serviceName: db, template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, ports: [{containerPort: "x", name: web}, null, {containerPort: 80}]}]}}}',
];

describe('cause-2 rules on malformed input', () => {
  it.each(odd.flatMap((svc) => statefulSets.map((sts) => [svc, sts])))('%s with StatefulSet %s', (svc, sts) => {
    const text = `apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\n${svc}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: data}\n${sts}\n`;
    const { result } = lintSources([{ path: 'x.yaml', text }], { rules });
    expect(result.findings.filter((f) => f.ruleId === INTERNAL_ERROR).map((f) => f.message)).toEqual([]);
  });
});
