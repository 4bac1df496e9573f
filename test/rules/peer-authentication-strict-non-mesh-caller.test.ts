import rule from '../../rules/peer-authentication-strict-non-mesh-caller.js';
import { client, DB_URL, headlessService, namespaces, peerAuthentication, statefulSet, STRICT } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const base = { 'ns.yaml': namespaces(), 'db.yaml': `${headlessService()}---\n${statefulSet()}` };

testRule(rule, {
  valid: [
    { name: 'an injected caller and STRICT', files: { ...base, 'pa.yaml': peerAuthentication('istio-system', STRICT), 'api.yaml': client('app', DB_URL) } },
    { name: 'a caller without sidecar and PERMISSIVE', files: { ...base, 'pa.yaml': peerAuthentication('istio-system', '  mtls:\n    mode: PERMISSIVE\n'), 'job.yaml': client('legacy', DB_URL) } },
    {
      name: 'a caller without sidecar, STRICT namespace but PERMISSIVE on the port',
      files: { ...base, 'pa.yaml': peerAuthentication('data', `  selector:\n    matchLabels:\n      app: db\n${STRICT}  portLevelMtls:\n    5432:\n      mode: PERMISSIVE\n`), 'job.yaml': client('legacy', DB_URL) },
    },
    { name: 'STRICT elsewhere only', files: { ...base, 'pa.yaml': peerAuthentication('app', STRICT), 'job.yaml': client('legacy', DB_URL) } },
  ],
  invalid: [
    {
      name: 'a caller without sidecar meets a mesh-wide STRICT policy',
      files: { 'job.yaml': client('legacy', DB_URL), ...base, 'pa.yaml': peerAuthentication('istio-system', STRICT) },
      findings: [{ line: 18, column: 33, message: 'has no sidecar', related: ['pa.yaml:8:11', 'ns.yaml:17:1'] }],
    },
    {
      name: 'a STRICT port-level setting on the workload, the only port assumed',
      files: { 'job.yaml': client('legacy', 'db-0.db.data.svc.cluster.local'), ...base, 'pa.yaml': peerAuthentication('data', '  selector:\n    matchLabels:\n      app: db\n  portLevelMtls:\n    5432:\n      mode: STRICT\n') },
      findings: [{ line: 18, column: 22, message: 'port-level', related: ['pa.yaml:12:13', 'ns.yaml:17:1'] }],
    },
    {
      name: 'an injected caller the Service is not exported to',
      files: { 'api.yaml': client('app', DB_URL), 'ns.yaml': namespaces(), 'db.yaml': `${headlessService(undefined, '  annotations:\n    networking.istio.io/exportTo: "."\n')}---\n${statefulSet()}`, 'pa.yaml': peerAuthentication('data', STRICT) },
      findings: [{ line: 18, column: 33, message: 'not exported to namespace app', related: ['pa.yaml:8:11', 'db.yaml:7:35'] }],
    },
  ],
});
