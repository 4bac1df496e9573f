/** Istio's behaviour by release is valid data, and behaviourAt reads it as the release notes say. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { behaviourAt, behaviourIds, compareMinor, istioBehaviours, latestIstio, minorOf } from '../../src/knowledge/istio-behaviour.js';

const root = path.resolve(__dirname, '../..');
const schema = JSON.parse(readFileSync(path.join(root, 'schemas/knowledge/istio-behaviour.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

describe('knowledge/istio/behaviour.yaml', () => {
  it('matches its schema; ids are unique; every value named is described; changes are in release order', () => {
    const data = parse(readFileSync(path.join(root, 'knowledge/istio/behaviour.yaml'), 'utf8')) as ReturnType<typeof istioBehaviours>;
    expect(validate(data) ? [] : validate.errors).toEqual([]);
    const ids = data.behaviours.map((b) => b.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const b of data.behaviours) {
      for (const v of [b.initial, ...b.changes.map((c) => c.value)]) expect(Object.keys(b.values), `${b.id}: ${v}`).toContain(v);
      const since = b.changes.map((c) => c.since);
      expect([...since].sort(compareMinor), b.id).toEqual(since);
      for (const c of b.changes) expect(compareMinor(c.since, data.latest), `${b.id} ${c.since} after latest`).toBeLessThanOrEqual(0);
    }
  });

  it('inbound traffic went to 127.0.0.1 before 1.10 and to the pod IP from 1.10 (1.10 upgrade notes)', () => {
    expect(behaviourAt('1.9.9', 'inbound-forwarding').value).toBe('localhost');
    expect(behaviourAt('1.9.9', 'inbound-forwarding').since).toBeUndefined();
    expect(behaviourAt('1.10.0', 'inbound-forwarding')).toMatchObject({ value: 'pod-ip', since: '1.10', source: expect.stringContaining('1.10') });
    expect(behaviourAt('1.22', 'inbound-forwarding').value).toBe('pod-ip');
  });

  it('native sidecars: unavailable before 1.19, opt-in from 1.19, automatic from 1.27', () => {
    expect(behaviourAt('1.18.7', 'native-sidecars').value).toBe('unavailable');
    expect(behaviourAt('1.19.0', 'native-sidecars').value).toBe('opt-in');
    expect(behaviourAt('1.26.4', 'native-sidecars').value).toBe('opt-in');
    expect(behaviourAt('1.27.0', 'native-sidecars')).toMatchObject({ value: 'auto', setting: expect.stringContaining('ENABLE_NATIVE_SIDECARS') });
  });

  it('DNS proxying: opt-in for sidecars since 1.8, on for ambient from 1.25', () => {
    expect(behaviourAt('1.7', 'sidecar-dns-capture').value).toBe('unavailable');
    expect(behaviourAt(latestIstio(), 'sidecar-dns-capture').value).toBe('opt-in');
    expect(behaviourAt('1.24.2', 'ambient-dns-capture').value).toBe('off');
    expect(behaviourAt('1.25.0', 'ambient-dns-capture').value).toBe('on');
  });

  it('compares by minor release and refuses what is not a version or not a behaviour', () => {
    expect(minorOf('v1.22.3-distroless')).toEqual([1, 22]);
    expect(minorOf('latest')).toBeUndefined();
    expect(compareMinor('1.9', '1.10')).toBeLessThan(0);
    expect(() => behaviourAt('1.22', 'no-such-behaviour')).toThrow(/unknown Istio behaviour/);
    expect(behaviourIds()).toContain('inbound-forwarding');
  });
});
