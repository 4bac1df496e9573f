import rule from '../../rules/netpol-blocks-istiod.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const ns = (name: string, labels = 'istio-injection: enabled') => `
apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    ${labels}
`;

const deployment = (name: string, namespace: string, extraLabels = '') => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  template:
    metadata:
      labels:
        app: ${name}${extraLabels}
    spec:
      containers:
        - name: main
          image: example/${name}
`;

const istiod = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  namespace: istio-system
spec:
  template:
    metadata:
      labels:
        app: istiod
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.24.0
          args: [discovery]
`;

const policy = (namespace: string, spec: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
  namespace: ${namespace}
spec:
${spec}
`;

const denyEgress = policy('shop', '  podSelector: {}\n  policyTypes: [Egress]');
const allowIstiod = (peer: string, ports = '[{port: 15012}]') =>
  policy('shop', `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n${peer}\n      ports: ${ports}`);

testRule(rule, {
  valid: [
    { name: 'meshed and not egress-isolated', files: { 'a.yaml': yaml(ns('shop'), deployment('cart', 'shop'), istiod, policy('shop', '  podSelector: {}\n  policyTypes: [Ingress]')) } },
    { name: 'egress-isolated but not meshed', files: { 'a.yaml': yaml(ns('shop', 'team: x'), deployment('cart', 'shop'), istiod, denyEgress) } },
    {
      name: 'egress allows istiod with namespace AND pod selector',
      files: { 'a.yaml': yaml(ns('shop'), deployment('cart', 'shop'), istiod, allowIstiod('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-system}}\n          podSelector: {matchLabels: {app: istiod}}')) },
    },
    { name: 'egress allows 15000-15020 by endPort', files: { 'a.yaml': yaml(ns('shop'), deployment('cart', 'shop'), istiod, allowIstiod('        - namespaceSelector: {}', '[{port: 15000, endPort: 15020}]')) } },
    { name: 'pod label opts out of injection', files: { 'a.yaml': yaml(ns('shop'), deployment('cart', 'shop', '\n        sidecar.istio.io/inject: "false"'), istiod, denyEgress) } },
  ],
  invalid: [
    {
      name: 'default-deny egress in a meshed namespace',
      files: { 'a.yaml': yaml(ns('shop'), deployment('cart', 'shop'), istiod, denyEgress) },
      findings: [{ line: 11, column: 9, message: 'cannot reach istiod Deployment istio-system/istiod on TCP 15012: egress of Deployment shop/cart is isolated by NetworkPolicy shop/p', related: ['a.yaml:45:3'] }],
    },
    {
      name: 'podSelector-only peer stays in the policy namespace',
      files: { 'a.yaml': yaml(ns('shop'), deployment('cart', 'shop'), istiod, allowIstiod('        - podSelector: {matchLabels: {app: istiod}}')) },
      findings: [{ line: 11, column: 9, message: 'no rule allows it' }],
    },
    {
      name: 'istiod ingress-isolated without 15012',
      files: { 'a.yaml': yaml(ns('shop'), deployment('cart', 'shop'), istiod, policy('istio-system', '  podSelector: {}\n  ingress:\n    - ports: [{port: 15017}]')) },
      findings: [{ line: 11, column: 9, message: 'ingress of Deployment istio-system/istiod is isolated' }],
    },
    {
      name: 'only an ipBlock could allow it: warning',
      files: { 'a.yaml': yaml(ns('shop'), deployment('cart', 'shop'), istiod, allowIstiod('        - ipBlock: {cidr: 10.0.0.0/8}')) },
      findings: [{ line: 11, column: 9, severity: 'warning', message: 'may not reach', related: ['a.yaml:45:3', 'a.yaml:49:11'] }],
    },
    {
      name: 'istiod not in the input: assumed, warning',
      files: { 'a.yaml': yaml(ns('shop'), deployment('cart', 'shop'), denyEgress) },
      findings: [{ line: 11, column: 9, severity: 'warning', message: '(assumed)' }],
    },
  ],
});
