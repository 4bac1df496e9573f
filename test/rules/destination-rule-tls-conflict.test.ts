import rule from '../../rules/destination-rule-tls-conflict.js';
import { client, DB_URL, headlessService, namespaces, peerAuthentication, statefulSet, STRICT } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const dr = (namespace: string, host: string, tls: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db
  namespace: ${namespace}
spec:
  host: ${host}
  trafficPolicy:
${tls}`;
const base = { 'ns.yaml': namespaces(), 'db.yaml': `${headlessService()}---\n${statefulSet()}`, 'pa.yaml': peerAuthentication('istio-system', STRICT), 'api.yaml': client('app', DB_URL) };
const DISABLE = '    tls:\n      mode: DISABLE\n';

testRule(rule, {
  valid: [
    { name: 'ISTIO_MUTUAL towards STRICT pods', files: { 'dr.yaml': dr('data', 'db', '    tls:\n      mode: ISTIO_MUTUAL\n'), ...base } },
    { name: 'DISABLE towards PERMISSIVE pods', files: { 'dr.yaml': dr('data', 'db', DISABLE), ...base, 'pa.yaml': peerAuthentication('istio-system', '  mtls:\n    mode: PERMISSIVE\n') } },
    { name: 'a dotted short host matches nothing', files: { 'dr.yaml': dr('app', 'db.data', DISABLE), ...base } },
    { name: 'DISABLE on another port only', files: { 'dr.yaml': dr('data', 'db', '    portLevelSettings:\n      - port:\n          number: 9187\n        tls:\n          mode: DISABLE\n'), ...base } },
    {
      name: 'DISABLE towards pods without sidecar',
      files: { 'dr.yaml': dr('data', 'db', DISABLE), ...base, 'ns.yaml': namespaces().replace('istio-injection: enabled', 'istio-injection: disabled') },
    },
  ],
  invalid: [
    {
      name: 'DISABLE in the service namespace towards STRICT pods',
      files: { 'dr.yaml': dr('data', 'db', DISABLE), ...base },
      findings: [{ line: 10, column: 13, message: 'sets tls.mode DISABLE for db.data.svc.cluster.local port 5432', related: ['pa.yaml:8:11'] }],
    },
    {
      name: 'SIMPLE in the client namespace with the FQDN, port-level',
      files: { 'dr.yaml': dr('app', 'db.data.svc.cluster.local', '    portLevelSettings:\n      - port:\n          number: 5432\n        tls:\n          mode: SIMPLE\n'), ...base },
      findings: [{ line: 13, column: 17, message: '(portLevelSettings)' }],
    },
    {
      name: 'a root-namespace wildcard with DISABLE',
      files: { 'dr.yaml': dr('istio-system', '"*.svc.cluster.local"', DISABLE), ...base },
      findings: [{ line: 10, column: 13, message: 'DestinationRule istio-system/db' }],
    },
    {
      name: 'ISTIO_MUTUAL towards pods without a sidecar',
      files: { 'dr.yaml': dr('data', 'db', '    tls:\n      mode: ISTIO_MUTUAL\n'), ...base, 'ns.yaml': namespaces().replace('istio-injection: enabled', 'istio-injection: disabled') },
      findings: [{ line: 10, column: 13, message: 'have no sidecar', related: ['ns.yaml:6:22'] }],
    },
  ],
});
