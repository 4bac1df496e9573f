import rule from '../../rules/probe-rewrite-disabled-strict.js';
import { headlessService, namespaces, peerAuthentication, statefulSet, STRICT } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const ports = '    - name: http-api\n      port: 8080';
/** The StatefulSet behind the headless Service, serving HTTP on the named port 8080, with a probe and pod-template annotations. */
const web = (annotations: string, probe: string) => statefulSet(`            - name: http\n              containerPort: 8080\n${probe}`, '', annotations);
const OFF = '        sidecar.istio.io/rewriteAppHTTPProbers: "false"';
const HTTP_PROBE = '          readinessProbe:\n            httpGet:\n              path: /ready\n              port: http';
const injector = (rewrite: boolean) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector
  namespace: istio-system
data:
  values: |-
    {
      "sidecarInjectorWebhook": {
        "rewriteAppHTTPProbe": ${rewrite}
      }
    }
`;
const files = (annotations: string, probe = HTTP_PROBE, extra: Record<string, string> = {}) => ({
  'web.yaml': `${headlessService(ports)}---\n${web(annotations, probe)}`,
  'ns.yaml': namespaces(),
  'pa.yaml': peerAuthentication('data', STRICT),
  ...extra,
});

testRule(rule, {
  valid: [
    { name: 'rewriting is on by default', files: files('        example.com/owner: web') },
    { name: 'the annotation turns it on again over the injector values', files: files('        sidecar.istio.io/rewriteAppHTTPProbers: "true"', HTTP_PROBE, { 'injector.yaml': injector(false) }) },
    { name: 'an unreadable annotation defers to the injector default', files: files('        sidecar.istio.io/rewriteAppHTTPProbers: "no"') },
    { name: 'an exec probe', files: files(OFF, '          readinessProbe:\n            exec:\n              command: [/bin/ready]') },
    { name: 'a PERMISSIVE namespace', files: { ...files(OFF), 'pa.yaml': peerAuthentication('data', '  mtls:\n    mode: PERMISSIVE\n') } },
    { name: 'the probe port is excluded from inbound capture', files: files(`${OFF}\n        traffic.sidecar.istio.io/excludeInboundPorts: "8080"`) },
    { name: 'no sidecar', files: { ...files(OFF), 'ns.yaml': namespaces().replace('istio-injection: enabled', 'istio-injection: disabled') } },
  ],
  invalid: [
    {
      name: 'the annotation turns rewriting off, a named probe port is STRICT',
      files: files(OFF),
      findings: [{ line: 41, column: 21, message: 'sends HTTP to port 8080, which requires mTLS: STRICT (namespace-wide PeerAuthentication data/default)', related: ['web.yaml:29:49', 'pa.yaml:8:11'] }],
    },
    {
      name: 'the injector values turn rewriting off, a numbered liveness probe',
      files: files('        example.com/owner: web', '          livenessProbe:\n            httpGet:\n              path: /live\n              port: 8080', { 'injector.yaml': injector(false) }),
      findings: [{ line: 41, column: 21, message: 'the container is restarted', related: ['injector.yaml:10:32', 'pa.yaml:8:11'] }],
    },
  ],
});
