import rule from '../../rules/duplicate-resource.js';
import { findingsOf, testRule, yaml } from '../helpers/rule-tester.js';
import { expect, it } from 'vitest';

const svc = (ns: string | undefined, name = 'db', apiVersion = 'v1') =>
  `apiVersion: ${apiVersion}\nkind: Service\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  clusterIP: None\n`;
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

testRule(rule, {
  valid: [
    { name: 'same name in different namespaces', files: { 'a.yaml': yaml(svc('data'), svc('other')) } },
    { name: 'same name, different kinds', files: { 'a.yaml': yaml(svc('data'), 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: data\n') } },
    { name: 'same kind name in different API groups', files: { 'a.yaml': yaml('apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\n', 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\n') } },
    { name: 'objects named by generateName', files: { 'a.yaml': yaml('apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n', 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n') } },
    {
      name: 'kustomize overlays: patch files repeat the object they edit',
      files: {
        'base/svc.yaml': svc('data'),
        'base/kustomization.yaml': 'resources:\n- svc.yaml\n',
        'overlays/prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../../base\npatchesStrategicMerge:\n- svc-patch.yaml\npatches:\n- path: ./more/svc-ports.yaml\n  target: {kind: Service}\n',
        'overlays/prod/svc-patch.yaml': svc('data'),
        'overlays/prod/more/svc-ports.yaml': svc('data'),
      },
    },
    { name: 'documents without kind (Helm values)', files: { 'a.yaml': yaml('global:\n  hub: x\n', 'global:\n  hub: y\n') } },
  ],
  invalid: [
    {
      name: 'a Service defined in two files',
      files: { 'a.yaml': svc('data'), 'b.yaml': svc('data') },
      findings: [{ file: 'b.yaml', line: 4, column: 9, message: 'Service data/db is defined 2 times: first at a.yaml:4', related: ['a.yaml:4:9'] }],
    },
    {
      name: 'the default namespace given explicitly in one copy and implied in the other',
      files: { 'a.yaml': yaml(svc(undefined), svc('default')) },
      findings: [{ line: 11, column: 9, related: ['a.yaml:4:9'] }],
    },
    {
      name: 'cluster-scoped kinds ignore the namespace; three copies give one finding listing all',
      files: { 'a.yaml': yaml(ns('data'), ns('data')), 'c.yaml': `apiVersion: v1\nkind: Namespace\nmetadata:\n  namespace: whatever\n  name: data\n` },
      findings: [{ line: 9, column: 9, message: 'defined 3 times', related: ['a.yaml:4:9', 'c.yaml:5:9'] }],
    },
    {
      name: 'two versions of one API group name the same object',
      files: { 'a.yaml': yaml('apiVersion: networking.istio.io/v1beta1\nkind: Sidecar\nmetadata:\n  name: default\n  namespace: data\n', 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: default\n  namespace: data\n') },
      findings: [{ line: 10, column: 9 }],
    },
    {
      name: 'a List member duplicating a plain document',
      files: {
        'list.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cfg\n    namespace: data\n',
        'z.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: data\n',
      },
      findings: [{ file: 'z.yaml', line: 4, column: 9, related: ['list.yaml:7:11'] }],
    },
    {
      name: 'a kustomization does not excuse files it does not name as patches',
      files: { 'a/kustomization.yaml': 'resources:\n- svc.yaml\npatches:\n- path: other.yaml\n', 'a/svc.yaml': svc('data'), 'b/svc.yaml': svc('data') },
      findings: [{ file: 'b/svc.yaml', line: 4, column: 9, related: ['a/svc.yaml:4:9'] }],
    },
  ],
});

it('reports the same finding whatever order the files come in', () => {
  const files = { 'a.yaml': svc('data'), 'b.yaml': svc('data'), 'c.yaml': svc('data') };
  const reversed = Object.fromEntries(Object.entries(files).reverse());
  expect(findingsOf(rule, reversed)).toEqual(findingsOf(rule, files));
});
