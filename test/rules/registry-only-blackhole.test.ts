import rule from '../../rules/registry-only-blackhole.js';
import { client, DB_URL, headlessService, namespaces, statefulSet } from '../helpers/mesh-fixtures.js';
import { meshConfig as mesh } from '../helpers/scoping-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const REGISTRY_ONLY = 'outboundTrafficPolicy:\n  mode: REGISTRY_ONLY\n';
const sidecar = (spec: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: app
spec:
${spec}`;
const PGBOUNCER_URL = 'postgres://db-0.db.data.svc.cluster.local:6432/app';
const files = (url: string, extra: Record<string, string> = {}, service = headlessService()) => ({
  'api.yaml': client('app', url),
  'db.yaml': `${service}---\n${statefulSet()}`,
  'ns.yaml': namespaces(),
  ...extra,
});

testRule(rule, {
  valid: [
    { name: 'an undeclared port under the default ALLOW_ANY', files: files(PGBOUNCER_URL) },
    { name: 'a declared port under REGISTRY_ONLY', files: files(DB_URL, { 'mesh.yaml': mesh(REGISTRY_ONLY) }) },
    { name: 'a caller without sidecar is not scoped', files: { ...files(PGBOUNCER_URL, { 'mesh.yaml': mesh(REGISTRY_ONLY) }), 'api.yaml': client('legacy', PGBOUNCER_URL) } },
    {
      name: "the caller's Sidecar allows any outbound traffic",
      files: files(PGBOUNCER_URL, { 'mesh.yaml': mesh(REGISTRY_ONLY), 'sidecar.yaml': sidecar('  outboundTrafficPolicy:\n    mode: ALLOW_ANY\n') }),
    },
  ],
  invalid: [
    {
      name: 'mesh REGISTRY_ONLY and a port the Service does not declare',
      files: files(PGBOUNCER_URL, { 'mesh.yaml': mesh(REGISTRY_ONLY) }),
      findings: [{ line: 18, column: 33, message: 'Service data/db does not declare port 6432', related: ['db.yaml:10:3', 'mesh.yaml:9:13'] }],
    },
    {
      name: "the caller's Sidecar sets REGISTRY_ONLY and the Service is exported to its own namespace only",
      files: files(DB_URL, { 'sidecar.yaml': sidecar('  outboundTrafficPolicy:\n    mode: REGISTRY_ONLY\n') }, headlessService(undefined, '  annotations:\n    networking.istio.io/exportTo: "."\n')),
      findings: [{ line: 18, column: 33, message: 'is not exported to namespace app', related: ['db.yaml:7:35', 'sidecar.yaml:8:11'] }],
    },
    {
      name: "the caller's Sidecar egress hosts leave the Service out",
      files: files(DB_URL, { 'mesh.yaml': mesh(REGISTRY_ONLY), 'sidecar.yaml': sidecar('  egress:\n    - hosts:\n        - "./*"\n        - "istio-system/*"\n') }),
      findings: [{ line: 18, column: 33, message: 'the egress hosts of Sidecar app/default do not include data/db.data.svc.cluster.local' }],
    },
    {
      name: 'discoverySelectors leave the Service namespace out',
      files: files(DB_URL, { 'mesh.yaml': mesh(`${REGISTRY_ONLY}discoverySelectors:\n  - matchLabels:\n      mesh: "true"\n`) }),
      findings: [{ line: 18, column: 33, message: 'istiod ignores namespace data' }],
    },
  ],
});
