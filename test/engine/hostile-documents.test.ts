/**
 * Documents built to break the linter: keys that collide with Object.prototype, objects missing
 * apiVersion, kind or name, fields of the wrong type. Every rule runs over them; none may throw
 * (an internal-error finding would show it) and Object.prototype must stay untouched.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { lintSources } from '../../src/lint.js';

const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

function hostileManifests(): string {
  const map = (indent: string) => hostileKeys.map((k) => `${indent}${k}: polluted`).join('\n');
  const nested = (indent: string) => hostileKeys.map((k) => `${indent}${k}:\n${indent}  polluted: "yes"`).join('\n');
  return [
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: __proto__\n  labels:\n${map('    ')}\n  annotations:\n${map('    ')}\n`,
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: constructor\n  namespace: __proto__\n  labels:\n${map('    ')}\nspec:\n  clusterIP: None\n  selector:\n${map('    ')}\n  ports:\n  - name: __proto__\n    port: 80\n    targetPort: constructor\n`,
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: __proto__\n  namespace: __proto__\n  annotations:\n${map('    ')}\nspec:\n  serviceName: constructor\n  selector:\n    matchLabels:\n${map('      ')}\n    matchExpressions:\n    - key: __proto__\n      operator: In\n      values: [constructor]\n  template:\n    metadata:\n      labels:\n${map('        ')}\n      annotations:\n${map('        ')}\n    spec:\n      subdomain: constructor\n      containers:\n      - name: __proto__\n        image: x\n        args: ["--domain", "__proto__"]\n        env:\n        - name: constructor\n          value: __proto__\n`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\ndata:\n${map('  ')}\n  Corefile: |\n    __proto__ {\n      kubernetes constructor in-addr.arpa\n    }\n`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: |\n${nested('    ')}\n`,
    `__proto__:\n  polluted: "yes"\nconstructor:\n  prototype:\n    polluted: "yes"\nglobal:\n${nested('  ')}\nmeshConfig:\n${nested('  ')}\n`,
    `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: __proto__\n  metadata:\n    name: constructor\n- __proto__: {polluted: "yes"}\n`,
  ].join('---\n');
}

const malformed = [
  '{}\n',
  'kind: Service\n',
  'apiVersion: v1\nkind: Service\n',
  'apiVersion: v1\nkind: Service\nmetadata: [1, 2]\nspec: 5\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: 7\n  labels: x\nspec:\n  clusterIP: None\n  selector: [a]\n  ports: "80"\n',
  'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  serviceName: [x]\n  selector: {matchLabels: 3}\n  template: "x"\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: istiod, namespace: istio-system}\nspec:\n  template:\n    spec:\n      containers: {a: 1}\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: istiod, namespace: istio-system}\nspec:\n  template:\n    metadata: {labels: {app: istiod}}\n    spec:\n      containers:\n      - null\n      - name: discovery\n        args: [1, null, {a: b}, "--domain"]\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns, namespace: kube-system}\ndata:\n  Corefile: 42\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: "[unclosed"\n',
  'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking: [x]\n',
  'apiVersion: v1\nkind: List\nitems: 5\n',
  'apiVersion: v1\nkind: List\nitems: [1, null, "x", [2]]\n',
  'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  values: [1]\n  meshConfig: "x"\n',
];

describe('hostile documents through every rule', () => {
  it('never pollutes Object.prototype and yields sane findings', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const { result } = lintSources([{ path: 'hostile.yaml', text: hostileManifests() }], { rules });
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
    expect(result.findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
    for (const f of result.findings) {
      expect(f.file).toBe('hostile.yaml');
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.column).toBeGreaterThanOrEqual(1);
      expect(typeof f.message).toBe('string');
    }
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('keeps hostile keys as plain data', () => {
    const { model } = lintSources([{ path: 'hostile.yaml', text: hostileManifests() }], { rules }).analysis;
    const ns = model.ofKind('Namespace')[0];
    expect(ns?.name).toBe('__proto__');
    expect(ns?.labels.__proto__).toBe('polluted');
    expect(ns?.labels.constructor).toBe('polluted');
    const svc = model.ofKind('Service')[0];
    expect(svc?.namespace).toBe('__proto__');
  });

  it.each(malformed.map((text, i) => [i, text]))('malformed object #%s: no rule throws', (_i, text) => {
    const { result } = lintSources([{ path: 'm.yaml', text: text as string }], { rules });
    expect(result.findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message)).toEqual([]);
  });
});
