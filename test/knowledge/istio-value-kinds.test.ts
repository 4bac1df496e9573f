/** Value kinds checked as Istio's injector parses them (istio/istio pkg/kube/inject/validate.go). */
import { describe, expect, it } from 'vitest';
import { istioAnnotations } from '../../src/knowledge/istio-catalogue.js';
import { describeKind, valueProblem } from '../../src/knowledge/istio-value-kinds.js';

const ok = (kind: string, values: string[]) => values.filter((v) => valueProblem(kind, v) !== undefined);
const bad = (kind: string, values: string[]) => values.filter((v) => valueProblem(kind, v) === undefined);

describe('Istio value kinds', () => {
  it('booleans as Go strconv.ParseBool reads them', () => {
    expect(ok('boolean', ['1', 't', 'T', 'true', 'True', 'TRUE', '0', 'f', 'false', 'False', 'FALSE'])).toEqual([]);
    expect(bad('boolean', ['yes', 'no', 'on', 'tRUE', '', ' true'])).toEqual([]);
  });

  it('port lists: trimmed around commas, empty allowed, 0-65535', () => {
    expect(ok('ports', ['5433', '5433, 15020', ' 80 ,443 ', '', '0', '65535'])).toEqual([]);
    expect(bad('ports', ['65536', '80;443', '80,', 'http', '-1', '*'])).toEqual([]);
    expect(ok('ports|*', ['*', '80'])).toEqual([]);
  });

  it('CIDR lists: split on commas without trimming, * only where the kind allows it', () => {
    expect(ok('cidrs', ['10.0.0.0/8', '10.0.0.0/8,172.16.0.0/12', '', 'fd00::/8', '10.1.2.3/32'])).toEqual([]);
    expect(bad('cidrs', ['10.0.0.0/8, 172.16.0.0/12', '10.0.0.0', '10.0.0.0/33', '*', '010.0.0.0/8', 'fe80::1%eth0/64', '::/129'])).toEqual([]);
    expect(ok('cidrs|*', ['*'])).toEqual([]);
  });

  it('whole numbers, quantities, ProxyConfig YAML and words', () => {
    expect(ok('uint32', ['0', '10', '4294967295'])).toEqual([]);
    expect(bad('uint32', ['-1', '5s', '+3', '4294967296', ''])).toEqual([]);
    expect(ok('quantity', ['100m', '1Gi', '0.5', '2', '1e3', '128Mi'])).toEqual([]);
    expect(bad('quantity', ['1GB', '100 m', 'lots', ''])).toEqual([]);
    expect(ok('yaml', ['{}', '', 'holdApplicationUntilProxyStarts: true', '{"concurrency": 2}'])).toEqual([]);
    expect(bad('yaml', ['{concurrency: 2', '- a', 'plain words'])).toEqual([]);
    expect(ok('REDIRECT|TPROXY|NONE', ['TPROXY'])).toEqual([]);
    expect(bad('REDIRECT|TPROXY|NONE', ['redirect', ''])).toEqual([]);
    expect(describeKind('ports|*')).toBe('port numbers separated by commas or *');
  });

  it('every kind in the catalogue is one this module checks or a list of words', () => {
    for (const k of istioAnnotations().keys.filter((a) => a.value)) {
      // A kind that is only words rejects a value that is none of them.
      expect(valueProblem(k.value as string, '\u0000 no such value'), k.key).toBeDefined();
    }
  });
});
