/**
 * Istio's two injection layers (reference section 1.H): the webhook selectors, then the
 * injector's own decision (istio/istio pkg/kube/inject/inject.go injectRequired).
 */
import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { inAmbientMesh, readInjectValue, type InjectionVerdict } from '../../../src/facts/injection/injection.js';
import type { ClusterSettings } from '../../../src/model/settings.js';
import { analysisOfFiles, workload as named } from '../../helpers/analysis-of.js';
import { istiod, map, namespace, webhook } from '../../helpers/injection-fixtures.js';

interface Pod {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  hostNetwork?: boolean;
  namespace?: string;
}

function statefulSet(pod: Pod): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: ${pod.namespace ?? 'data'}
spec:
  serviceName: db
  template:
    metadata:
      labels:${map({ app: 'db', ...pod.labels }, '      ')}
      annotations:${map(pod.annotations, '      ')}
    spec:
      hostNetwork: ${pod.hostNetwork === true}
      containers:
        - name: db
          image: postgres:16
`;
}

const injectorConfigMap = (config: string, values = '{}') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector
  namespace: istio-system
data:
  values: '${values}'
  config: |
${config
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;

function verdict(docs: string[], settings?: Partial<ClusterSettings>): InjectionVerdict {
  const analysis = analysisOfFiles({ 'all.yaml': docs.join('---\n') }, settings);
  return analysis.use(facts.injection).of(named(analysis, 'db'));
}

function where(v: InjectionVerdict): string {
  const located = v.decidedBy.resource.locate(v.decidedBy.path);
  return `${located.span.start.line}:${located.span.start.column}`;
}

describe('injection: layer 1, the webhook selectors', () => {
  const table: { name: string; ns?: Record<string, string>; pod?: Pod; injected: boolean; revision?: string }[] = [
    { name: 'istio-injection=enabled injects', ns: { 'istio-injection': 'enabled' }, injected: true, revision: 'default' },
    { name: 'istio-injection=enabled, pod label false opts out', ns: { 'istio-injection': 'enabled' }, pod: { labels: { 'sidecar.istio.io/inject': 'false' } }, injected: false },
    { name: 'istio-injection=disabled wins over a pod label true', ns: { 'istio-injection': 'disabled' }, pod: { labels: { 'sidecar.istio.io/inject': 'true' } }, injected: false },
    { name: 'istio-injection with any other value blocks every webhook', ns: { 'istio-injection': 'Enabled' }, injected: false },
    { name: 'istio-injection=enabled wins over the namespace istio.io/rev', ns: { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }, injected: true, revision: 'default' },
    { name: 'istio-injection=enabled ignores a pod istio.io/rev', ns: { 'istio-injection': 'enabled' }, pod: { labels: { 'istio.io/rev': 'canary' } }, injected: true, revision: 'default' },
    { name: 'namespace istio.io/rev injects with that revision', ns: { 'istio.io/rev': 'default' }, injected: true, revision: 'default' },
    { name: 'namespace istio.io/rev, pod label false opts out', ns: { 'istio.io/rev': 'default' }, pod: { labels: { 'sidecar.istio.io/inject': 'false' } }, injected: false },
    { name: 'unlabelled namespace, no pod label: not injected', injected: false },
    { name: 'unlabelled namespace, pod label true', pod: { labels: { 'sidecar.istio.io/inject': 'true' } }, injected: true, revision: 'default' },
    { name: 'unlabelled namespace, pod label True does not match the object webhook', pod: { labels: { 'sidecar.istio.io/inject': 'True' } }, injected: false },
    { name: 'unlabelled namespace, pod annotation true is not seen by the webhook', pod: { annotations: { 'sidecar.istio.io/inject': 'true' } }, injected: false },
    { name: 'unlabelled namespace, pod istio.io/rev', pod: { labels: { 'istio.io/rev': 'default' } }, injected: true, revision: 'default' },
    { name: 'unlabelled namespace, pod istio.io/rev and inject=false', pod: { labels: { 'istio.io/rev': 'default', 'sidecar.istio.io/inject': 'false' } }, injected: false },
  ];
  for (const row of table) {
    it(row.name, () => {
      const v = verdict([namespace('data', row.ns), istiod(), statefulSet(row.pod ?? {})]);
      expect(v.injected).toBe(row.injected);
      expect(v.certain).toBe(true);
      if (row.revision) expect(v.revision).toBe(row.revision);
    });
  }

  it('points at the namespace label that blocked injection', () => {
    const v = verdict([namespace('data', { 'istio-injection': 'disabled' }), statefulSet({ labels: { 'sidecar.istio.io/inject': 'true' } })]);
    expect(v.reason).toContain('istio-injection=disabled');
    expect(where(v)).toBe('6:22');
  });

  it('points at the pod label that opted out', () => {
    const v = verdict([namespace('data', { 'istio-injection': 'enabled' }), statefulSet({ labels: { 'sidecar.istio.io/inject': 'false' } })]);
    expect(where(v)).toBe('19:34');
  });

  it('points at an annotation-only opt-in and says why it does nothing', () => {
    const v = verdict([namespace('data'), statefulSet({ annotations: { 'sidecar.istio.io/inject': 'true' } })]);
    expect(v.reason).toContain('selects on labels only');
    expect(where(v)).toBe('19:34');
  });

  it('a revision no istiod serves: not injected, uncertain without the webhooks in the input', () => {
    const v = verdict([namespace('data', { 'istio.io/rev': 'canary' }), istiod(), statefulSet({})]);
    expect(v.injected).toBe(false);
    expect(v.certain).toBe(false);
    expect(v.reason).toContain('"canary"');
  });

  it('a revision served by its istiod', () => {
    const v = verdict([namespace('data', { 'istio.io/rev': 'canary' }), istiod('canary'), statefulSet({})]);
    expect(v).toMatchObject({ injected: true, revision: 'canary', certain: true });
  });

  it('a revision tag webhook serves its tag', () => {
    const tag = `apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: istio-revision-tag-stable\n`;
    const v = verdict([namespace('data', { 'istio.io/rev': 'stable' }), istiod('1-24'), tag, statefulSet({})]);
    expect(v).toMatchObject({ injected: true, revision: 'stable' });
  });

  it('enableNamespacesByDefault injects unlabelled namespaces, but not pods with an inject label', () => {
    const cm = injectorConfigMap('policy: enabled', '{"sidecarInjectorWebhook": {"enableNamespacesByDefault": true}}');
    expect(verdict([namespace('data'), cm, statefulSet({})]).injected).toBe(true);
    expect(verdict([namespace('data'), cm, statefulSet({ labels: { 'sidecar.istio.io/inject': 'maybe' } })]).injected).toBe(false);
  });
});

describe('injection: layer 2, the injector', () => {
  const enabled = namespace('data', { 'istio-injection': 'enabled' });

  it('never injects hostNetwork pods, whatever the labels', () => {
    const v = verdict([enabled, statefulSet({ hostNetwork: true, labels: { 'sidecar.istio.io/inject': 'true' } })]);
    expect(v).toMatchObject({ injected: false, certain: true });
    expect(where(v)).toBe('22:20');
  });

  it('never injects the system namespaces', () => {
    const v = verdict([namespace('kube-system', { 'istio-injection': 'enabled' }), statefulSet({ namespace: 'kube-system' })]);
    expect(v.injected).toBe(false);
  });

  it('the annotation opts out when the webhook is called', () => {
    const v = verdict([enabled, statefulSet({ annotations: { 'sidecar.istio.io/inject': 'false' } })]);
    expect(v.injected).toBe(false);
    expect(where(v)).toBe('20:34');
  });

  it('the label wins over the annotation', () => {
    expect(verdict([enabled, statefulSet({ labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'sidecar.istio.io/inject': 'false' } })]).injected).toBe(true);
  });

  it('an empty label defers to the policy even over an annotation', () => {
    expect(verdict([enabled, statefulSet({ labels: { 'sidecar.istio.io/inject': '' }, annotations: { 'sidecar.istio.io/inject': 'false' } })]).injected).toBe(true);
  });

  it('up to Istio 1.26, values other than the YAML truthy words refuse injection', () => {
    const v126 = { istioVersion: { value: '1.26.2', origin: 'test' } };
    for (const value of ['False', 'no', 'disabled', 'typo']) {
      expect(verdict([enabled, statefulSet({ labels: { 'sidecar.istio.io/inject': value } })], v126).injected, value).toBe(false);
    }
    expect(verdict([enabled, statefulSet({ annotations: { 'sidecar.istio.io/inject': 'YES' } })], v126).injected).toBe(true);
  });

  it('from Istio 1.27, only "true" and "false" count: any other value falls back to the namespace policy', () => {
    for (const value of ['False', 'no', 'disabled', 'typo']) {
      expect(verdict([enabled, statefulSet({ labels: { 'sidecar.istio.io/inject': value } })]).injected, value).toBe(true);
    }
    expect(verdict([enabled, statefulSet({ labels: { 'sidecar.istio.io/inject': 'false' } })]).injected).toBe(false);
    const plain = namespace('data', {});
    expect(verdict([plain, statefulSet({ annotations: { 'sidecar.istio.io/inject': 'yes' } })], { istioVersion: { value: '1.27.0', origin: 'test' } }).injected).toBe(false);
  });

  it('reads the inject value as the injector of each release does', () => {
    const old = (v: string | undefined) => readInjectValue(v, 'yaml-bool');
    const strict = (v: string | undefined) => readInjectValue(v, 'strict');
    expect(['y', 'Yes', 'TRUE', 'on'].map(old)).toEqual(['inject', 'inject', 'inject', 'inject']);
    expect([undefined, ''].map(old)).toEqual(['default', 'default']);
    expect(['false', 'off', '1'].map(old)).toEqual(['skip', 'skip', 'skip']);
    expect(['true', 'false', 'True', 'yes', '', undefined].map(strict)).toEqual(['inject', 'skip', 'default', 'default', 'default', 'default']);
  });

  it('neverInjectSelector refuses, and wins over alwaysInjectSelector', () => {
    const cm = injectorConfigMap('policy: disabled\nneverInjectSelector:\n  - matchLabels: {app: db}\nalwaysInjectSelector:\n  - matchLabels: {app: db}');
    const v = verdict([enabled, cm, statefulSet({})]);
    expect(v.injected).toBe(false);
    expect(v.reason).toContain('neverInjectSelector');
  });

  it('an empty selector matches nothing (the injector skips it)', () => {
    expect(verdict([enabled, injectorConfigMap('policy: enabled\nneverInjectSelector:\n  - {}'), statefulSet({})]).injected).toBe(true);
  });

  it('alwaysInjectSelector injects under policy disabled; the policy refuses the rest', () => {
    const cm = injectorConfigMap('policy: disabled\nalwaysInjectSelector:\n  - matchLabels: {app: db}');
    expect(verdict([enabled, cm, statefulSet({})]).injected).toBe(true);
    expect(verdict([enabled, injectorConfigMap('policy: disabled'), statefulSet({})]).injected).toBe(false);
  });

  it('policy disabled still injects an explicit opt-in', () => {
    expect(verdict([enabled, injectorConfigMap('policy: disabled'), statefulSet({ annotations: { 'sidecar.istio.io/inject': 'true' } })]).injected).toBe(true);
  });

  it('an unknown policy value refuses every pod, even an explicit opt-in', () => {
    const v = verdict([enabled, injectorConfigMap('policy: manual'), statefulSet({ labels: { 'sidecar.istio.io/inject': 'true' } })]);
    expect(v.injected).toBe(false);
  });
});

describe('injection: namespaces missing from the input', () => {
  it('are unknown unless the pod decides', () => {
    expect(verdict([statefulSet({})])).toMatchObject({ injected: undefined, certain: false });
  });

  it('a pod opt-in label makes injection likely, not certain', () => {
    expect(verdict([statefulSet({ labels: { 'sidecar.istio.io/inject': 'true' } })])).toMatchObject({ injected: true, certain: false });
  });

  it('refusals that do not depend on the namespace are certain', () => {
    expect(verdict([statefulSet({ labels: { 'sidecar.istio.io/inject': 'false' } })])).toMatchObject({ injected: false, certain: true });
    expect(verdict([statefulSet({ hostNetwork: true, labels: { 'sidecar.istio.io/inject': 'true' } })])).toMatchObject({ injected: false, certain: true });
    expect(verdict([statefulSet({ annotations: { 'sidecar.istio.io/inject': 'false' } })])).toMatchObject({ injected: false, certain: true });
    expect(verdict([statefulSet({ namespace: 'kube-system' })])).toMatchObject({ injected: false, certain: true });
  });

  it('follow the assumption the user configured', () => {
    expect(verdict([statefulSet({})], { unlistedNamespaces: 'injected' })).toMatchObject({ injected: true, certain: false });
    expect(verdict([statefulSet({})], { unlistedNamespaces: 'not-injected' })).toMatchObject({ injected: false, certain: false });
  });
});

describe('injection: deliberate pod opt-outs', () => {
  const enabled = namespace('data', { 'istio-injection': 'enabled' });
  it('a "no" word is deliberate, another value a mistake (up to 1.26, where any value but a yes refuses)', () => {
    const v126 = { istioVersion: { value: '1.26.0', origin: 'test' } };
    expect(verdict([enabled, statefulSet({ labels: { 'sidecar.istio.io/inject': 'false' } })]).podOptOut).toBe(true);
    expect(verdict([enabled, statefulSet({ annotations: { 'sidecar.istio.io/inject': 'Off' } })], v126).podOptOut).toBe(true);
    expect(verdict([enabled, statefulSet({ annotations: { 'sidecar.istio.io/inject': 'enabled' } })], v126).podOptOut).toBe(false);
    expect(verdict([namespace('data', { 'istio-injection': 'disabled' }), statefulSet({})]).podOptOut).toBeUndefined();
  });
});

describe('injection: ambient namespaces', () => {
  const ambient = (nsLabels: Record<string, string>, pod: Pod = {}) => {
    const analysis = analysisOfFiles({ 'all.yaml': [namespace('data', nsLabels), istiod(), statefulSet(pod)].join('---\n') });
    const workload = named(analysis, 'db');
    return { workload, ns: analysis.model.namespace('data'), verdict: analysis.use(facts.injection).of(workload) };
  };

  it('an ambient namespace gets no sidecar, and the reason says it is ambient', () => {
    const { workload, ns, verdict } = ambient({ 'istio.io/dataplane-mode': 'ambient' });
    expect(verdict.injected).toBe(false);
    expect(verdict.reason).toContain('ambient namespace');
    expect(where(verdict)).toBe('6:30');
    expect(inAmbientMesh(workload, ns, verdict)).toBe(true);
  });

  it('a pod that also gets a sidecar is left out of ztunnel capture', () => {
    const { workload, ns, verdict } = ambient({ 'istio.io/dataplane-mode': 'ambient', 'istio-injection': 'enabled' });
    expect(verdict.injected).toBe(true);
    expect(inAmbientMesh(workload, ns, verdict)).toBe(false);
    expect(inAmbientMesh(workload, ns)).toBe(true);
  });

  it('a pod label opts out of an ambient namespace', () => {
    const { workload, ns, verdict } = ambient({ 'istio.io/dataplane-mode': 'ambient' }, { labels: { 'istio.io/dataplane-mode': 'none' } });
    expect(inAmbientMesh(workload, ns, verdict)).toBe(false);
  });

});

describe('injection: revisions and revision tags', () => {
  it('a tag webhook serves its tag, not the revision it points at', () => {
    const tag = webhook('istio-revision-tag-prod', { 'istio.io/tag': 'prod', 'istio.io/rev': '1-22' });
    const v = verdict([namespace('data', { 'istio.io/rev': '1-22' }), istiod('1-24'), tag, statefulSet({})]);
    expect(v).toMatchObject({ injected: false, certain: true });
    expect(verdict([namespace('data', { 'istio.io/rev': 'prod' }), istiod('1-24'), tag, statefulSet({})])).toMatchObject({ injected: true, revision: 'prod' });
  });

  it('istio-injection=enabled needs the default revision or the tag "default"', () => {
    expect(verdict([namespace('data', { 'istio-injection': 'enabled' }), istiod('1-24'), webhook('istio-sidecar-injector-1-24', { 'istio.io/rev': '1-24' }), statefulSet({})])).toMatchObject({ injected: false, certain: true });
    const defaultTag = webhook('istio-revision-tag-default', { 'istio.io/tag': 'default', 'istio.io/rev': '1-24' });
    expect(verdict([namespace('data', { 'istio-injection': 'enabled' }), istiod('1-24'), defaultTag, statefulSet({})])).toMatchObject({ injected: true, revision: 'default' });
  });
});

describe('injection: a gateway Deployment with image: auto', () => {
  const gateway = (namespaceLabels: Record<string, string>) => `${namespace('gw', namespaceLabels)}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
  namespace: gw
spec:
  selector:
    matchLabels: {istio: ingressgateway}
  template:
    metadata:
      annotations:
        inject.istio.io/templates: gateway
      labels:
        istio: ingressgateway
        sidecar.istio.io/inject: "true"
    spec:
      containers:
        - name: istio-proxy
          image: auto
`;

  it('is not "injected already": its istio-proxy is a placeholder the webhook fills', () => {
    const v = verdict([gateway({}), istiod()]);
    expect(v.reason).not.toMatch(/injected already/);
    expect(v.injected).toBe(true);
  });

  it('gets no proxy where the webhook is not called', () => {
    expect(verdict([gateway({ 'istio-injection': 'disabled' }), istiod()]).injected).toBe(false);
  });
});
