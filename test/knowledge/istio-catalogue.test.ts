/** Istio's annotation and label catalogues are valid data: the schema holds, every key once. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { appliesTo, isIstioKey, istioAnnotations, istioLabels } from '../../src/knowledge/istio-catalogue.js';

const root = path.resolve(__dirname, '../..');
const schema = JSON.parse(readFileSync(path.join(root, 'schemas/knowledge/istio-keys.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

describe('Istio key catalogues', () => {
  for (const name of ['annotations', 'labels']) {
    it(`knowledge/istio/${name}.yaml matches its schema and lists each key once`, () => {
      const data = parse(readFileSync(path.join(root, 'knowledge/istio', `${name}.yaml`), 'utf8')) as { keys: { key: string }[] };
      expect(validate(data) ? [] : validate.errors).toEqual([]);
      const keys = data.keys.map((k) => k.key);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    });
  }

  it('knows the pod annotations headless setups use, and their resources', () => {
    const find = (key: string) => istioAnnotations().keys.find((k) => k.key === key);
    expect(find('traffic.sidecar.istio.io/excludeInboundPorts')).toMatchObject({ resources: ['Pod'], value: 'ports' });
    expect(appliesTo(find('networking.istio.io/exportTo') as never, 'Pod')).toBe(false);
    expect(istioLabels().keys.some((k) => k.key === 'istio.io/dataplane-mode')).toBe(true);
  });

  it('tells Istio domains from look-alikes', () => {
    expect(['istio.io/rev', 'sidecar.istio.io/inject', 'traffic.sidecar.istio.io/x'].every(isIstioKey)).toBe(true);
    expect(['istio.example.com/x', 'myistio.io/x', 'kubectl.kubernetes.io/default-container', 'istio.io'].some(isIstioKey)).toBe(false);
  });
});
