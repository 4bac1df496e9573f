import rule from '../../rules/netpol-blocks-injector.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

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
          ports:
            - name: webhook
              containerPort: 15017
`;

const ingress = (rules: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: istiod
  namespace: istio-system
spec:
  podSelector:
    matchLabels:
      app: istiod
  ingress:
${rules}
`;

testRule(rule, {
  valid: [
    { name: 'istiod not ingress-isolated (egress-only policy)', files: { 'a.yaml': yaml(istiod, ingress('    - {}').replace('  ingress:', '  policyTypes: [Egress]\n  ingress:')) } },
    { name: '15017 admitted from anywhere', files: { 'a.yaml': yaml(istiod, ingress('    - ports: [{port: 15017}]')) } },
    { name: '15017 admitted by its container port name', files: { 'a.yaml': yaml(istiod, ingress('    - ports: [{port: webhook}]')) } },
    { name: 'an all-ports rule with no from', files: { 'a.yaml': yaml(istiod, ingress('    - {}')) } },
  ],
  invalid: [
    {
      name: 'the Service port 443 instead of the pod port',
      files: { 'a.yaml': yaml(istiod, ingress('    - ports: [{port: 443}]')) },
      findings: [{ line: 4, column: 9, message: 'cannot reach the injection webhook of Deployment istio-system/istiod on TCP 15017', related: ['a.yaml:26:3'] }],
    },
    {
      name: 'only pods of every namespace are admitted: the API server is not a pod',
      files: { 'a.yaml': yaml(istiod, ingress('    - from: [{namespaceSelector: {}, podSelector: {}}]\n      ports: [{port: 15017}]')) },
      findings: [{ line: 4, column: 9, severity: 'info', message: 'may not reach' }],
    },
    {
      name: "the Istio chart's own form (namespaceSelector kube-system) depends on the network plugin: info",
      files: { 'a.yaml': yaml(istiod, ingress('    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]\n      ports: [{port: 15017, protocol: TCP}]')) },
      findings: [{ line: 4, column: 9, severity: 'info', message: 'only a rule whose match the manifests cannot decide could allow it', related: ['a.yaml:26:3', 'a.yaml:30:14'] }],
    },
    {
      name: 'admitted only by an ipBlock: info',
      files: { 'a.yaml': yaml(istiod, ingress('    - from: [{ipBlock: {cidr: 10.0.0.0/16}}]\n      ports: [{port: 15017}]')) },
      findings: [{ line: 4, column: 9, severity: 'info', message: 'may not reach', related: ['a.yaml:26:3', 'a.yaml:30:14'] }],
    },
    {
      name: 'a named port that istiod does not declare',
      files: { 'a.yaml': yaml(istiod, ingress('    - ports: [{port: https-webhook}]')) },
      findings: [{ line: 4, column: 9, message: 'no rule allows it' }],
    },
  ],
});
