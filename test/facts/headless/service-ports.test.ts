import { describe, expect, it } from 'vitest';
import { containerPortOf, servicePorts } from '../../../src/facts/headless/service-ports.js';
import { headlessService, statefulSet } from '../../helpers/mesh-fixtures.js';
import { analysisOf } from '../../helpers/analysis-of.js';

describe('servicePorts', () => {
  it('reads ports defensively, with protocol, transport and targetPort', () => {
    const { model } = analysisOf(headlessService('    - name: http-a\n      port: 80\n      targetPort: "8080"\n    - port: x\n    - name: dns\n      port: 53\n      protocol: udp\n    - name: odd\n      port: 81\n      protocol: HTTP\n      targetPort: web'));
    const ports = servicePorts(model.services[0]!);
    expect(ports.map((p) => [p.port, p.targetPort, p.transport, p.protocol.protocol, p.index])).toEqual([
      [80, 8080, 'TCP', 'HTTP', 0],
      [53, undefined, 'UDP', 'UDP', 2],
      [81, 'web', 'TCP', 'auto', 3],
    ]);
  });
  it('resolves targetPort to a container port: default, number, name, missing name', () => {
    const { model } = analysisOf(headlessService('    - port: 1\n    - port: 2\n      targetPort: 20\n    - port: 3\n      targetPort: pg\n    - port: 4\n      targetPort: nope'), statefulSet('            - name: pg\n              containerPort: 5432'));
    const w = model.workloads[0]!;
    expect(servicePorts(model.services[0]!).map((p) => containerPortOf(p, w))).toEqual([1, 20, 5432, undefined]);
  });
});
