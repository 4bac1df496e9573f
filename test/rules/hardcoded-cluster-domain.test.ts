import rule from '../../rules/hardcoded-cluster-domain.js';
import { corefile } from '../helpers/domain-fixtures.js';
import { istiod } from '../helpers/scoping-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const CORP = { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } };
const dr = (host: string, policy = '  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n') => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db
  namespace: data
spec:
  host: ${host}
${policy}`;
const virtualService = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: db
  namespace: data
spec:
  hosts:
    - db
  http:
    - route:
        - destination:
            host: db.data.svc.cluster.local
      mirror:
        host: db-shadow.data.svc.cluster.local.
`;
const others = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: app
spec:
  egress:
    - hosts:
        - "data/db.data.svc.cluster.local"
        - "./*"
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: legacy
  namespace: data
spec:
  hosts:
    - "*.cluster.local"
  resolution: NONE
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: db
  namespace: data
spec:
  rules:
    - to:
        - operation:
            hosts: ["db.data.svc.corp.internal", "db.data.svc.cluster.local"]
`;

testRule(rule, {
  valid: [
    { name: 'the cluster domain is cluster.local', files: { 'dr.yaml': dr('db.data.svc.cluster.local') } },
    { name: 'short names and the real domain', files: { 'dr.yaml': dr('db'), 'vs.yaml': virtualService.replace(/cluster\.local/g, 'corp.internal') }, facts: CORP },
    { name: '*.local fits a domain under .local', files: { 'dr.yaml': dr('"*.local"') }, facts: { clusterDomain: { value: 'k8s.local', origin: '--cluster-domain' } } },
    { name: 'a resource of another API group', files: { 'dr.yaml': dr('db.data.svc.cluster.local').replace('networking.istio.io/v1', 'example.com/v1') }, facts: CORP },
  ],
  invalid: [
    {
      name: 'a DestinationRule with TLS settings is an error; the CoreDNS zone decides the domain',
      files: { 'dr.yaml': dr('"*.local"'), 'coredns.yaml': corefile('corp.internal') },
      findings: [{ line: 7, column: 9, message: 'spells *.local, but the cluster domain is corp.internal', related: ['coredns.yaml:9:20'] }],
    },
    {
      name: 'a DestinationRule without TLS settings is a warning',
      files: { 'dr.yaml': dr('db.data.svc.cluster.local', '  trafficPolicy:\n    connectionPool:\n      tcp:\n        maxConnections: 10\n') },
      facts: CORP,
      findings: [{ line: 7, column: 9, severity: 'warning', message: 'silently has no effect' }],
    },
    {
      name: 'istiod itself still serves cluster.local: the TLS rule matches for now, a warning',
      files: { 'dr.yaml': dr('db.data.svc.cluster.local'), 'istiod.yaml': istiod },
      facts: CORP,
      findings: [{ line: 7, column: 9, severity: 'warning', message: 'only works until istiod is given corp.internal' }],
    },
    {
      name: 'VirtualService destination and mirror hosts',
      files: { 'vs.yaml': virtualService },
      facts: CORP,
      findings: [
        { line: 12, column: 19, severity: 'warning', message: 'destination.host "db.data.svc.cluster.local"' },
        { line: 14, column: 15, severity: 'warning', message: 'mirror.host' },
      ],
    },
    {
      name: 'Sidecar egress, ServiceEntry and AuthorizationPolicy hosts',
      files: { 'others.yaml': others },
      facts: CORP,
      findings: [
        { line: 9, column: 11, severity: 'warning', message: 'Sidecar app/default egress hosts "db.data.svc.cluster.local"' },
        { line: 19, column: 7, severity: 'warning', message: 'ServiceEntry data/legacy' },
        { line: 31, column: 50, severity: 'warning', message: 'operation.hosts' },
      ],
    },
  ],
});
