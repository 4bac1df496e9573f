import { describe, expect, it } from 'vitest';
import { headlessShape, looksLikeNone } from '../../../src/facts/headless/shape.js';
import type { Resource } from '../../../src/load/resource.js';
import { analysisOfFiles } from '../../helpers/analysis-of.js';

function serviceWith(spec: string): Resource {
  const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n${spec}\n`;
  return analysisOfFiles({ 'svc.yaml': text }).model.services[0] as Resource;
}

describe('looksLikeNone', () => {
  it.each(['none', 'NONE', ' None', 'None ', '"None"', "'none'", 'Headless', 'null', 'nil', '~', 'Noen', 'Nnoe', 'Nome'])('reads %j as an attempt at None', (value) => {
    expect(looksLikeNone(value)).toBe(true);
  });

  it.each(['None', '', '10.0.0.1', 'fd00::1', 'ClusterIP', 'nonexistent', null, undefined, false, 0])('does not read %j as an attempt at None', (value) => {
    expect(looksLikeNone(value)).toBe(false);
  });
});

describe('headlessShape', () => {
  it('is headless for exactly clusterIP None, with or without clusterIPs [None]', () => {
    for (const spec of ['  clusterIP: None', '  clusterIP: "None"\n  clusterIPs: [None]', '  type: ClusterIP\n  clusterIP: None']) {
      expect(headlessShape(serviceWith(spec))).toEqual({ intended: true, headless: true, problems: [] });
    }
  });

  it('is an ordinary Service, with no problem, without clusterIP or with an address or a null', () => {
    for (const spec of ['  type: ClusterIP', '  clusterIP: 10.0.0.1', '  clusterIP:', '  clusterIP: ""']) {
      expect(headlessShape(serviceWith(spec))).toEqual({ intended: false, headless: false, problems: [] });
    }
  });

  it('reports each failed attempt at the field to blame', () => {
    const cases: [string, string[]][] = [
      ['  clusterIP: none', ['spec.clusterIP']],
      ['  clusterIp: None', ['spec.clusterIp']],
      ['  clusterIP: None\n  clusterIPs: [10.0.0.1]', ['spec.clusterIPs']],
      ['  clusterIPs: [None]', ['spec.clusterIPs']],
      ['  type: LoadBalancer\n  clusterIP: None', ['spec.type']],
      ['  type: NodePort\n  clusterIP: NONE', ['spec.clusterIP', 'spec.type']],
    ];
    for (const [spec, paths] of cases) {
      const shape = headlessShape(serviceWith(spec));
      expect({ spec, intended: shape.intended, headless: shape.headless, paths: shape.problems.map((p) => p.path.join('.')) }).toEqual({ spec, intended: true, headless: false, paths });
    }
  });

  it('marks a misspelled key to be located at the key', () => {
    const [problem] = headlessShape(serviceWith('  cluster_ip: None')).problems;
    expect(problem?.key).toBe(true);
    expect(problem).toMatchObject({ kind: 'misspelledKey', data: { key: 'cluster_ip', meant: 'clusterIP' } });
  });

  it('survives odd values without throwing', () => {
    for (const spec of ['  clusterIP: [None]', '  clusterIPs: None', '  clusterIPs: {a: 1}', '  type: 7\n  clusterIP: None']) {
      expect(() => headlessShape(serviceWith(spec))).not.toThrow();
    }
  });
});
