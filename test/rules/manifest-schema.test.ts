import rule from '../../rules/manifest-schema.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const service = (spec: string, metadataExtra = '') => `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
${metadataExtra}spec:
${spec}`;

const statefulSet = (container: string, specExtra = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
${specExtra}  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:16
${container}`;

testRule(rule, {
  valid: [
    {
      name: 'a headless Service and its StatefulSet',
      files: {
        'db.yaml': yaml(
          service('  clusterIP: None\n  selector:\n    app: db\n  ports:\n    - name: tcp-postgres\n      port: 5432\n      targetPort: postgres\n      protocol: TCP\n', '  labels:\n    app: db\n    sidecar.istio.io/inject: "true"\n  annotations:\n    note: "yes"\n'),
          statefulSet('          ports:\n            - name: postgres\n              containerPort: 5432\n          env:\n            - name: PORT\n              value: "5432"\n          readinessProbe:\n            tcpSocket:\n              port: postgres\n'),
        ),
      },
    },
    {
      name: 'null fields (rendered output) are unset, as Kubernetes reads them',
      files: { 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  creationTimestamp: null\ndata:\n  a: b\n' },
    },
    {
      name: 'targetPort as a number, 0 and empty default to the port',
      files: { 's.yaml': service('  ports:\n    - port: 80\n      targetPort: 8080\n    - port: 81\n      targetPort: 0\n      name: b\n') },
    },
    {
      name: 'kinds and versions we do not model are left alone',
      files: { 'x.yaml': yaml('apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  anything: [1, true]\n', 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\nspec:\n  whatever: 1\n') },
    },
    {
      name: 'documents that are not Kubernetes objects: Helm values, kustomization, Chart.yaml, kubeconfig, a workflow',
      files: {
        'values.yaml': 'global:\n  proxy:\n    clusterDomain: cluster.local\nmeshConfig:\n  accessLogFile: /dev/stdout\n',
        'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - db.yaml\n',
        'Chart.yaml': 'apiVersion: v2\nname: db\nversion: 1.0.0\n',
        'kubeconfig.yaml': 'apiVersion: v1\nkind: Config\nclusters: []\n',
        'workflow.yaml': 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
      },
    },
    {
      name: 'an unrendered Helm template is left to its own rule, not reported field by field',
      files: { 's.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  type: {{ .Values.type }}\n  ports:\n    - port: {{ .Values.port }}\n' },
    },
    {
      name: 'component configuration without metadata, IstioOperator without a name',
      files: {
        'kubelet.yaml': 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nclusterDomain: cluster.local\nclusterDNS:\n  - 10.96.0.10\n',
        'kubeadm.yaml': 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  dnsDomain: cluster.local\n  serviceSubnet: 10.96.0.0/12\n',
        'iop.yaml': 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  namespace: istio-system\nspec:\n  meshConfig:\n    accessLogFile: /dev/stdout\n',
      },
    },
    {
      name: 'generateName instead of a name',
      files: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: probe-\nspec:\n  containers:\n    - name: c\n      image: busybox\n' },
    },
    {
      name: 'Istio policies with valid enums',
      files: {
        'istio.yaml': yaml(
          'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: data\nspec:\n  mtls:\n    mode: STRICT\n  portLevelMtls:\n    5432:\n      mode: PERMISSIVE\n',
          'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: db\n  namespace: data\nspec:\n  host: db.data.svc.cluster.local\n  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n    portLevelSettings:\n      - port:\n          number: 5432\n        tls:\n          mode: DISABLE\n',
          'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: allow\n  namespace: data\nspec:\n  action: ALLOW\n  rules:\n    - from:\n        - source:\n            namespaces: [app]\n      to:\n        - operation:\n            ports: ["5432"]\n      when:\n        - key: source.namespace\n          values: [app]\n',
          'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: default\n  namespace: app\nspec:\n  egress:\n    - hosts: ["./*", "istio-system/*"]\n  outboundTrafficPolicy:\n    mode: REGISTRY_ONLY\n',
        ),
      },
    },
    {
      name: 'a NetworkPolicy with ipBlock, endPort and expressions',
      files: {
        'np.yaml':
          'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n  namespace: data\nspec:\n  podSelector:\n    matchExpressions:\n      - key: app\n        operator: In\n        values: [db]\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: 10.0.0.0/8\n            except: [10.1.0.0/16]\n      ports:\n        - port: 5432\n          endPort: 5440\n          protocol: TCP\n  egress:\n    - to:\n        - namespaceSelector: {}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'unknown field with a did-you-mean, on the key',
      files: { 's.yaml': service('  clusterIp: None\n  ports:\n    - port: 5432\n') },
      findings: [{ line: 7, column: 3, message: 'Service data/db: unknown field "clusterIp" in spec; did you mean "clusterIP"?' }],
    },
    {
      name: 'YAML 1.1 booleans and numbers in labels and annotations quote the fix',
      files: { 's.yaml': service('  ports:\n    - port: 80\n', '  labels:\n    sidecar.istio.io/inject: true\n    version: 1.0\n  annotations:\n    enabled: yes\n') },
      findings: [
        { line: 7, column: 30, message: 'metadata.labels["sidecar.istio.io/inject"] must be a string, but Kubernetes reads the unquoted true as a boolean' },
        { line: 8, column: 14, message: 'unquoted 1.0 as a number' },
        { line: 10, column: 14, message: 'unquoted yes as a boolean' },
      ],
    },
    {
      name: 'wrong types and enum values in a Service',
      files: { 's.yaml': service('  type: clusterIP\n  ports:\n    - name: 5432\n      port: "5432"\n      targetPort: "8080"\n      protocol: tcp\n    - name: b\n      port: 70000\n      protocol: HTTP\n') },
      findings: [
        { line: 7, column: 9, message: 'spec.type is "clusterIP", which is not one of ClusterIP, NodePort, LoadBalancer, ExternalName; did you mean "ClusterIP"?' },
        { line: 9, column: 13, message: 'spec.ports[0].name must be a string, but Kubernetes reads the unquoted 5432 as a number' },
        { line: 10, column: 13, message: 'spec.ports[0].port must be an integer, not the string "5432"' },
        { line: 11, column: 19, message: 'targetPort is "8080", which is not a port number or a port name' },
        { line: 12, column: 17, message: 'protocols are case-sensitive' },
        { line: 14, column: 13, message: 'spec.ports[1].port is 70000; it must be between 1 and 65535' },
        { line: 15, column: 17, message: "Kubernetes' protocol is the transport" },
      ],
    },
    {
      name: 'misspelt fields inside a pod template, one finding each',
      files: { 'sts.yaml': statefulSet('          ports:\n            - containerport: 5432\n          env:\n            - name: PORT\n              value: 5432\n            - value: x\n') },
      findings: [
        { line: 20, column: 15, message: 'unknown field "containerport" in spec.template.spec.containers[0].ports[0]; did you mean "containerPort"?' },
        { line: 23, column: 22, message: 'env[0].value must be a string' },
        { line: 24, column: 15, message: 'spec.template.spec.containers[0].env[1] lacks the required field "name"' },
      ],
    },
    {
      name: 'serviceName misspelt, selector operator and dnsPolicy enums',
      files: {
        'sts.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  servicename: db
  selector:
    matchExpressions:
      - key: app
        operator: in
        values: [db]
  template:
    spec:
      dnsPolicy: ClusterFirstWithHostnet
      containers:
        - name: db
`,
      },
      findings: [
        { line: 6, column: 3, message: 'did you mean "serviceName"?' },
        { line: 10, column: 19, message: 'did you mean "In"?' },
        { line: 14, column: 18, message: 'did you mean "ClusterFirstWithHostNet"?' },
      ],
    },
    {
      name: 'a required field missing points at its parent key',
      files: { 'd.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - image: nginx\n' },
      findings: [
        { line: 5, column: 1, message: 'spec lacks the required field "selector"' },
        { line: 9, column: 11, message: 'containers[0] lacks the required field "name"' },
      ],
    },
    {
      name: 'missing name, missing apiVersion and kind, List items',
      files: {
        'list.yaml': `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      namespace: data
  - kind: Namespace
    metadata:
      name: data
  - apiVersion: v1
    metadata:
      name: orphan
`,
      },
      findings: [
        { line: 6, column: 5, message: 'ConfigMap (unnamed): the object has no metadata.name' },
        { line: 8, column: 5, message: 'Namespace data: the object has no apiVersion' },
        { line: 11, column: 5, message: 'Object default/orphan: the object has no kind' },
      ],
    },
    {
      name: 'names, label keys and label values break Kubernetes syntax',
      files: {
        'x.yaml': yaml(
          'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Data_NS\n  labels:\n    bad key: x\n    app: "not a valid value"\n',
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: 1db\nspec:\n  selector:\n    app: db\n',
        ),
      },
      findings: [
        { line: 4, column: 9, message: 'metadata.name is "Data_NS", which is not a DNS-1123 label' },
        { line: 6, column: 5, message: 'key "bad key" in metadata.labels is not a qualified name' },
        { line: 7, column: 10, message: 'metadata.labels.app is "not a valid value", which is not a label value' },
        { line: 12, column: 9, message: 'not a DNS-1035 label' },
      ],
    },
    {
      name: 'NetworkPolicy policyTypes, cidr and port range',
      files: {
        'np.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  podSelector: {}\n  policyTypes: [ingress]\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: 10.0.0.0\n      ports:\n        - port: 5432\n          endPort: 70000\n',
      },
      findings: [
        { line: 7, column: 17, message: 'did you mean "Ingress"?' },
        { line: 11, column: 19, message: 'not a CIDR' },
        { line: 14, column: 20, message: 'between 1 and 65535' },
      ],
    },
    {
      name: 'Istio enums: PeerAuthentication mode, DestinationRule tls mode, AuthorizationPolicy action',
      files: {
        'istio.yaml': yaml(
          'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\nspec:\n  mtls:\n    mode: strict\n',
          'apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata:\n  name: db\nspec:\n  host: db\n  trafficPolicy:\n    tls:\n      mode: MUTUAL_ISTIO\n',
          'apiVersion: security.istio.io/v1beta1\nkind: AuthorizationPolicy\nmetadata:\n  name: deny\nspec:\n  action: REJECT\n  rule: []\n',
        ),
      },
      findings: [
        { line: 7, column: 11, message: 'did you mean "STRICT"?' },
        { line: 17, column: 13, message: 'MUTUAL_ISTIO' },
        { line: 24, column: 11, message: 'not one of ALLOW, DENY, AUDIT, CUSTOM' },
        { line: 25, column: 3, message: 'did you mean "rules"?' },
      ],
    },
    {
      name: 'an unknown field without a close match names kubectl explain',
      files: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  sidecars: []\n  containers:\n    - name: c\n' },
      findings: [{ line: 6, column: 3, message: 'unknown field "sidecars" in spec.' }],
    },
    {
      name: 'hostile shapes and keys are findings, not crashes',
      files: {
        'x.yaml': yaml(
          'apiVersion: v1\nkind: Service\nmetadata: just a string\nspec: [1, 2]\n',
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    constructor: 1\n    __proto__: x\ndata:\n  on: yes\n  my key: v\n',
        ),
      },
      findings: [
        { line: 3, column: 11, message: 'metadata must be a mapping, not a string' },
        { line: 4, column: 1, message: 'spec must be a mapping, not a list' },
        { line: 11, column: 18, message: 'unquoted 1 as a number' },
        { line: 12, column: 5, message: 'key "__proto__" in metadata.annotations is not a qualified name' },
        { line: 14, column: 7, message: 'data.true must be a string, but Kubernetes reads the unquoted yes as a boolean' },
        { line: 15, column: 3, message: 'key "my key" in data is not a ConfigMap key' },
      ],
    },
    {
      name: 'kubelet clusterDNS must hold IP addresses',
      files: { 'k.yaml': 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nclusterDNS:\n  - kube-dns\n' },
      findings: [{ line: 4, column: 5, message: 'clusterDNS[0] is "kube-dns", which is not an IPv4 or IPv6 address' }],
    },
  ],
});
