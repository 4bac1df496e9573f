import { describe, expect, it } from 'vitest';
import { isIstioGateway } from '../../../src/facts/injection/gateways.js';
import { analysisOf } from '../../helpers/analysis-of.js';
import { statefulSet } from '../../helpers/mesh-fixtures.js';

describe('isIstioGateway', () => {
  it('recognises gateways by injection template and istio label', () => {
    const tpl = analysisOf(statefulSet().replace('        app: db\n    spec', '        app: db\n      annotations:\n        inject.istio.io/templates: gateway\n    spec'));
    expect(isIstioGateway(tpl.model.workloads[0]!)).toBe(true);
    const label = analysisOf(statefulSet().replace('        app: db\n    spec', '        app: db\n        istio: egressgateway\n    spec'));
    expect(isIstioGateway(label.model.workloads[0]!)).toBe(true);
    expect(isIstioGateway(analysisOf(statefulSet()).model.workloads[0]!)).toBe(false);
  });
});
