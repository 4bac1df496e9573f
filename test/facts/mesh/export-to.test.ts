/** exportTo: which namespaces see a Service (the annotation, else the mesh default). */
import { describe, expect, it } from 'vitest';
import { exportedTo, serviceVisibleFrom } from '../../../src/facts/mesh/export-to.js';
import { analysisOf } from '../../helpers/analysis-of.js';
import { headlessService } from '../../helpers/mesh-fixtures.js';

describe('exportedTo', () => {
  it('reads *, ., ~ and names', () => {
    expect(exportedTo(['*'], 'data', 'app')).toBe(true);
    expect(exportedTo(['.'], 'data', 'data')).toBe(true);
    expect(exportedTo(['.'], 'data', 'app')).toBe(false);
    expect(exportedTo(['~'], 'data', 'data')).toBe(false);
    expect(exportedTo(['ops', 'app'], 'data', 'app')).toBe(true);
    expect(exportedTo(['ops'], 'data', 'data')).toBe(false);
  });
});

describe('serviceVisibleFrom', () => {
  it('follows the exportTo annotation, else the mesh default', () => {
    const svc = (annotation: string) => analysisOf(headlessService(undefined, annotation ? `  annotations:\n    networking.istio.io/exportTo: "${annotation}"\n` : '')).model.services[0]!;
    expect(serviceVisibleFrom(svc(''), 'app', ['*'])).toBe(true);
    expect(serviceVisibleFrom(svc(''), 'app', ['.'])).toBe(false);
    expect(serviceVisibleFrom(svc('.'), 'data', ['*'])).toBe(true);
    expect(serviceVisibleFrom(svc('.'), 'app', ['*'])).toBe(false);
    expect(serviceVisibleFrom(svc('app, ops'), 'ops', ['*'])).toBe(true);
    expect(serviceVisibleFrom(svc('~'), 'data', ['*'])).toBe(false);
  });

  it('reads an empty annotation as unset, as exportToOf does: the mesh default applies', () => {
    const svc = analysisOf(headlessService(undefined, '  annotations:\n    networking.istio.io/exportTo: " "\n')).model.services[0]!;
    expect(serviceVisibleFrom(svc, 'app', ['*'])).toBe(true);
    expect(serviceVisibleFrom(svc, 'app', ['.'])).toBe(false);
  });
});
