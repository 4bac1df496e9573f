import rule from '../../rules/pod-dns-policy.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const headless = `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - port: 5432
`;

/** The StatefulSet behind db; `spec` lines are appended to its pod spec. */
const statefulSet = (spec = '', env = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
${spec}      containers:
        - name: postgres
          image: postgres:16
${env}`;

/** A Deployment in app calling `host`; `spec` lines are appended to its pod spec. */
const caller = (spec = '', host = 'db-0.db.data.svc.cluster.local') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: app
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
${spec}      containers:
        - name: api
          image: example/api:1.0
          env:
            - name: DB_HOST
              value: ${host}
`;

const kubeDns = `apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
spec:
  clusterIP: 10.96.0.10
  selector:
    k8s-app: kube-dns
  ports:
    - port: 53
      protocol: UDP
`;

const none = (nameservers: string, searches = '') => `      dnsPolicy: None
      dnsConfig:
        nameservers: [${nameservers}]
${searches ? `        searches: [${searches}]\n` : ''}`;

testRule(rule, {
  valid: [
    { name: 'default DNS policy everywhere', files: { 'db.yaml': yaml(headless, statefulSet()), 'api.yaml': caller() } },
    { name: 'hostNetwork with ClusterFirstWithHostNet', files: { 'api.yaml': caller('      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet\n'), 'db.yaml': yaml(headless, statefulSet()) } },
    { name: 'None with the kube-dns address and the cluster search path', files: { 'api.yaml': caller(none('10.96.0.10', 'app.svc.cluster.local, svc.cluster.local, cluster.local')), 'db.yaml': yaml(headless, statefulSet()), 'dns.yaml': kubeDns } },
    { name: 'None with an unknown nameserver but the cluster search path', files: { 'api.yaml': caller(none('10.0.0.10', 'svc.cluster.local')), 'db.yaml': yaml(headless, statefulSet()) } },
    { name: 'None with the cluster nameserver and no search path, for a caller using full names', files: { 'api.yaml': caller(none('10.96.0.10')), 'db.yaml': yaml(headless, statefulSet()), 'dns.yaml': kubeDns } },
    {
      name: 'None with a NodeLocal DNSCache address',
      files: {
        'api.yaml': caller(none('169.254.20.10', 'svc.cluster.local')),
        'db.yaml': yaml(headless, statefulSet()),
        'dns.yaml': kubeDns,
        'nodelocal.yaml': 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: node-local-dns\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: node-cache\n          args: ["-localip", "169.254.20.10,10.96.0.10"]\n',
      },
    },
    { name: 'a Default policy on a workload unrelated to a headless Service', files: { 'api.yaml': caller('      dnsPolicy: Default\n', 'web.app.svc.cluster.local'), 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: app\nspec:\n  selector:\n    app: web\n' } },
    {
      name: 'a hostNetwork exporter behind a headless Service that resolves nothing itself',
      files: {
        'exporter.yaml': yaml(
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: node-exporter\n  namespace: monitoring\nspec:\n  clusterIP: None\n  selector:\n    app: node-exporter\n',
          'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: node-exporter\n  namespace: monitoring\nspec:\n  template:\n    metadata:\n      labels:\n        app: node-exporter\n    spec:\n      hostNetwork: true\n      containers:\n        - name: exporter\n          image: prom/node-exporter\n',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a caller with dnsPolicy: Default',
      files: { 'api.yaml': caller('      dnsPolicy: Default\n'), 'db.yaml': yaml(headless, statefulSet()) },
      findings: [{ line: 15, column: 18, message: 'Deployment app/api calls headless Service data/db (db-0.db.data.svc.cluster.local) but has dnsPolicy: Default', related: ['api.yaml:21:22'] }],
    },
    {
      name: "a caller with dnsPolicy: Default whose sidecar captures DNS: uncertain",
      files: {
        'api.yaml': caller('      dnsPolicy: Default\n'),
        'db.yaml': yaml(headless, statefulSet()),
        'mesh.yaml': yaml(
          'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n  labels:\n    istio-injection: enabled\n',
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: |\n    defaultConfig:\n      proxyMetadata:\n        ISTIO_META_DNS_CAPTURE: "true"\n',
        ),
      },
      findings: [{ line: 15, column: 18, severity: 'warning', message: "Istio's DNS capture is on" }],
    },
    {
      name: 'a hostNetwork caller without a dnsPolicy',
      files: { 'api.yaml': caller('      hostNetwork: true\n'), 'db.yaml': yaml(headless, statefulSet()) },
      findings: [{ line: 15, column: 20, message: 'hostNetwork: true and no dnsPolicy' }],
    },
    {
      name: 'a hostNetwork caller with ClusterFirst written',
      files: { 'api.yaml': caller('      hostNetwork: true\n      dnsPolicy: ClusterFirst\n'), 'db.yaml': yaml(headless, statefulSet()) },
      findings: [{ line: 16, column: 18, message: 'dnsPolicy: ClusterFirst' }],
    },
    {
      name: 'StatefulSet pods on the node resolver, resolving no name we can see: likely',
      files: { 'db.yaml': yaml(headless, statefulSet('      dnsPolicy: Default\n')) },
      findings: [{ line: 28, column: 18, severity: 'warning', message: 'StatefulSet data/db backs headless Service data/db but has dnsPolicy: Default', related: ['db.yaml:7:14'] }],
    },
    {
      name: 'StatefulSet pods on the node resolver that name their peers',
      files: { 'db.yaml': yaml(headless, statefulSet('      dnsPolicy: Default\n', '          env:\n            - name: PRIMARY_HOST\n              value: db-0.db\n')) },
      findings: [{ line: 28, column: 18, message: 'backs headless Service data/db and resolves db-0.db but', related: ['db.yaml:7:14', 'db.yaml:34:22'] }],
    },
    {
      name: 'None without dnsConfig: the API server rejects the pod',
      files: { 'api.yaml': caller('      dnsPolicy: None\n'), 'db.yaml': yaml(headless, statefulSet()) },
      findings: [{ line: 15, column: 18, message: 'the API server rejects such a pod' }],
    },
    {
      name: 'None without dnsConfig on backing pods that resolve nothing: still no pods at all',
      files: { 'db.yaml': yaml(headless, statefulSet('      dnsPolicy: None\n')) },
      findings: [{ line: 28, column: 18, message: 'backs headless Service data/db but has dnsPolicy: None without dnsConfig.nameservers' }],
    },
    {
      name: 'None with a public resolver while the cluster DNS address is known',
      files: { 'api.yaml': caller(none('8.8.8.8')), 'db.yaml': yaml(headless, statefulSet()), 'dns.yaml': kubeDns },
      findings: [{ line: 17, column: 9, message: 'none of which is the cluster DNS (10.96.0.10)' }],
    },
    {
      name: 'None with another address than the known cluster DNS, but the cluster search path: uncertain',
      files: { 'api.yaml': caller(none('10.1.0.10', 'svc.cluster.local')), 'db.yaml': yaml(headless, statefulSet()), 'dns.yaml': kubeDns },
      findings: [{ line: 17, column: 9, severity: 'warning', message: 'none of which is the cluster DNS (10.96.0.10)' }],
    },
    {
      name: 'None with an unknown nameserver and no cluster search path: uncertain',
      files: { 'api.yaml': caller(none('10.0.0.10')), 'db.yaml': yaml(headless, statefulSet()) },
      findings: [{ line: 17, column: 9, severity: 'warning', message: 'nothing shows these servers answer cluster names' }],
    },
    {
      name: 'None without the search path, for a caller using a short name',
      files: { 'api.yaml': caller(none('10.96.0.10'), 'db-0.db.data'), 'db.yaml': yaml(headless, statefulSet()), 'dns.yaml': kubeDns },
      findings: [{ line: 16, column: 7, message: 'only fully qualified names resolve' }],
    },
    {
      name: "None whose searches lack the pods' own namespace, for StatefulSet pods naming a peer",
      files: { 'db.yaml': yaml(headless, statefulSet(none('10.96.0.10', 'svc.cluster.local'), '          env:\n            - name: PRIMARY_HOST\n              value: db-0.db\n')), 'dns.yaml': kubeDns },
      findings: [{ line: 31, column: 9, message: 'cannot complete db-0.db into a cluster name' }],
    },
    {
      name: 'None with a wrong search path, for a caller using a short name',
      files: { 'api.yaml': caller(none('10.96.0.10', 'svc.corp.internal'), 'db-0.db.data'), 'db.yaml': yaml(headless, statefulSet()), 'dns.yaml': kubeDns },
      findings: [{ line: 18, column: 9 }],
    },
  ],
});
