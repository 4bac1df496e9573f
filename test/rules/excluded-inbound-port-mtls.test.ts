import rule from '../../rules/excluded-inbound-port-mtls.js';
import { client, DB_URL, headlessService, namespaces, peerAuthentication, statefulSet } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

/** The StatefulSet behind the headless Service, with pod-template annotations. */
const db = (annotations: string) => statefulSet(undefined, '', annotations);
const EXCLUDE = '        traffic.sidecar.istio.io/excludeInboundPorts: "9187,5432"';
const dr = (tls: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db
  namespace: data
spec:
  host: db.data.svc.cluster.local
  trafficPolicy:
${tls}`;
const files = (annotations: string, extra: Record<string, string> = {}) => ({ 'db.yaml': `${headlessService()}---\n${db(annotations)}`, 'ns.yaml': namespaces(), 'api.yaml': client('app', DB_URL), ...extra });

testRule(rule, {
  valid: [
    { name: 'the port is captured', files: files('        traffic.sidecar.istio.io/excludeInboundPorts: "9187"') },
    { name: 'includeInboundPorts lists the port', files: files('        traffic.sidecar.istio.io/includeInboundPorts: "5432,8080"') },
    { name: 'excludeInboundPorts is ignored when includeInboundPorts is a list', files: files(`        traffic.sidecar.istio.io/includeInboundPorts: "5432"\n${EXCLUDE}`) },
    { name: 'a DestinationRule disables TLS for the port', files: files(EXCLUDE, { 'dr.yaml': dr('    portLevelSettings:\n      - port:\n          number: 5432\n        tls:\n          mode: DISABLE\n') }) },
    { name: 'a namespace-wide PeerAuthentication DISABLE turns auto mTLS off', files: files(EXCLUDE, { 'pa.yaml': peerAuthentication('data', '  mtls:\n    mode: DISABLE\n') }) },
    { name: 'the caller has no sidecar, and a single replica', files: { ...files(EXCLUDE), 'api.yaml': client('legacy', DB_URL) } },
    {
      name: 'the server has no sidecar',
      files: { ...files(EXCLUDE), 'ns.yaml': namespaces().replace('istio-injection: enabled', 'istio-injection: disabled') },
    },
  ],
  invalid: [
    {
      name: 'excludeInboundPorts lists the headless port',
      files: files(EXCLUDE),
      findings: [{ line: 29, column: 55, message: 'Deployment app/api will still send Istio mTLS', related: ['api.yaml:18:33'] }],
    },
    {
      name: 'includeInboundPorts leaves the port out',
      files: files('        traffic.sidecar.istio.io/includeInboundPorts: "8080"'),
      findings: [{ line: 29, column: 55, message: 'captures only traffic.sidecar.istio.io/includeInboundPorts: "8080"' }],
    },
    {
      name: 'a DestinationRule that sets ISTIO_MUTUAL does not help',
      files: files(EXCLUDE, { 'dr.yaml': dr('    tls:\n      mode: ISTIO_MUTUAL\n') }),
      findings: [{ line: 29, column: 55, message: 'DestinationRule data/db sets tls.mode ISTIO_MUTUAL', related: ['api.yaml:18:33', 'dr.yaml:10:13'] }],
    },
    {
      name: 'the replicas replicate through their sidecars',
      files: { 'db.yaml': `${headlessService()}---\n${db(EXCLUDE).replace('serviceName: db', 'serviceName: db\n  replicas: 3')}`, 'ns.yaml': namespaces() },
      findings: [{ line: 30, column: 55, message: 'its own replicas will still send Istio mTLS', related: ['db.yaml:37:30'] }],
    },
  ],
});
