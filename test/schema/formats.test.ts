import { describe, expect, it } from 'vitest';
import { FORMATS, isPortName, isQualifiedName } from '../../src/schema/formats.js';
import { displayPath, hasCollectionKey, pointerToPath, withoutNulls } from '../../src/schema/instance.js';

describe('Kubernetes name formats', () => {
  it.each([
    ['dns1123-label', 'db-0', true],
    ['dns1123-label', 'Db', false],
    ['dns1123-label', 'a'.repeat(64), false],
    ['dns1123-subdomain', 'istio.example.com', true],
    ['dns1123-subdomain', 'a..b', false],
    ['dns1035-label', '1db', false],
    ['dns1035-label', 'db1', true],
    ['label-value', '', true],
    ['label-value', '1.0', true],
    ['label-value', '-x', false],
    ['cidr', '10.0.0.0/8', true],
    ['cidr', 'fd00::/8', true],
    ['cidr', '10.0.0.0/33', false],
    ['cidr', '10.0.0.0', false],
    ['ip', '10.96.0.10', true],
    ['ip', 'kube-dns', false],
    ['iana-svc-name-or-empty', '', true],
    ['iana-svc-name-or-empty', '8080', false],
  ])('%s %j -> %s', (format, value, ok) => {
    expect(FORMATS[format]?.validate(value)).toBe(ok);
  });

  it('qualified names take an optional DNS prefix', () => {
    expect(isQualifiedName('sidecar.istio.io/inject')).toBe(true);
    expect(isQualifiedName('app')).toBe(true);
    expect(isQualifiedName('/app')).toBe(false);
    expect(isQualifiedName('Istio.IO/x')).toBe(false);
    expect(isQualifiedName('bad key')).toBe(false);
  });

  it('port names follow IANA_SVC_NAME', () => {
    expect(isPortName('http-web')).toBe(true);
    expect(isPortName('tcp-postgres-long')).toBe(false); // 17 characters
    expect(isPortName('a--b')).toBe(false);
    expect(isPortName('5432')).toBe(false);
  });
});

describe('instance handling', () => {
  it('drops null fields, keeps array items and never touches the prototype', () => {
    const value = JSON.parse('{"a": null, "b": {"__proto__": {"polluted": 1}, "c": null}, "d": [null, 1]}');
    const copy = withoutNulls(value) as Record<string, Record<string, unknown>>;
    expect(Object.keys(copy)).toEqual(['b', 'd']);
    expect(Object.keys(copy.b as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(copy.d).toEqual([null, 1]);
  });

  it('validates a value without nulls as it is, with no copy', () => {
    const value = { spec: { ports: [{ port: 1, name: 'tcp' }] }, metadata: { labels: { a: 'b' } } };
    expect(withoutNulls(value)).toBe(value);
    const nested = { spec: { template: { metadata: { creationTimestamp: null } } } };
    expect(withoutNulls(nested)).not.toBe(nested);
    expect(withoutNulls(nested)).toEqual({ spec: { template: { metadata: {} } } });
  });

  it('maps JSON pointers to paths with numeric indexes and unescapes ~1', () => {
    const data = { spec: { ports: [{ port: 1 }] }, metadata: { labels: { 'a/b': 'x' } } };
    expect(pointerToPath('/spec/ports/0/port', data)).toEqual(['spec', 'ports', 0, 'port']);
    expect(pointerToPath('/metadata/labels/a~1b', data)).toEqual(['metadata', 'labels', 'a/b']);
    expect(displayPath(['metadata', 'labels', 'a/b'])).toBe('metadata.labels["a/b"]');
    expect(displayPath(['spec', 'ports', 0, 'port'])).toBe('spec.ports[0].port');
  });

  it('recognises the collection keys an unquoted {{ }} leaves behind', () => {
    expect(hasCollectionKey({ metadata: { name: { '{ .Release.Name }': null } } })).toBe(true);
    expect(hasCollectionKey({ spec: { ports: [{ port: { '[ .Values.port ]': null } }] } })).toBe(true);
    expect(hasCollectionKey({ data: { tpl: '{{ .Values.x }}', '{weird': 'x' } })).toBe(false);
  });
});
