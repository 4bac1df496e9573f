import { describe, expect, it } from 'vitest';
import { describeFlow, targetPortOn } from '../../../src/facts/headless/flows.js';
import { facts } from '../../../src/facts/index.js';
import type { Analysis } from '../../../src/facts/store.js';
import { client, headlessService, statefulSet } from '../../helpers/mesh-fixtures.js';
import { analysisOf, service, workload } from '../../helpers/analysis-of.js';

const db = (ports?: string, containerPorts?: string) => [headlessService(ports), statefulSet(containerPorts)];
/** The flows of Service data/db. */
const flowsOf = (analysis: Analysis) => analysis.use(facts.headlessFlows).of(service(analysis, 'data', 'db'));

describe('facts.headlessFlows', () => {
  it('turns a caller reference with a port into a flow on the matching Service port', () => {
    const analysis = analysisOf(...db(), client('app', 'postgres://db-0.db.data.svc.cluster.local:5432/x'));
    const flows = flowsOf(analysis).filter((f) => f.kind === 'caller');
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ port: 5432, portAssumed: false, caller: { name: 'api' } });
    expect(flows[0]?.servicePort?.port).toBe(5432);
    expect(describeFlow(flows[0]!)).toContain('calls db-0.db.data.svc.cluster.local:5432');
  });
  it('assumes the only Service port when the caller names none, and skips when several', () => {
    let analysis = analysisOf(...db(), client('app', 'db-0.db.data.svc.cluster.local'));
    expect(flowsOf(analysis).filter((f) => f.kind === 'caller')[0]).toMatchObject({ port: 5432, portAssumed: true });
    analysis = analysisOf(...db('    - name: tcp-a\n      port: 5432\n    - name: tcp-b\n      port: 5433'), client('app', 'db-0.db.data.svc.cluster.local'));
    expect(flowsOf(analysis).filter((f) => f.kind === 'caller')).toEqual([]);
  });
  it('keeps undeclared caller ports without a Service port', () => {
    const analysis = analysisOf(...db(), client('app', 'db-0.db.data.svc.cluster.local:6432'));
    expect(flowsOf(analysis).find((f) => f.kind === 'caller')).toMatchObject({ port: 6432, servicePort: undefined });
  });
  it('adds replication flows for the governed StatefulSet container ports, declared or not', () => {
    const analysis = analysisOf(...db(undefined, '            - containerPort: 5432\n            - containerPort: 5433\n            - containerPort: 53\n              protocol: UDP'));
    const peers = flowsOf(analysis).filter((f) => f.kind === 'peer');
    expect(peers.map((f) => [f.port, f.servicePort?.port])).toEqual([
      [5432, 5432],
      [5433, undefined],
    ]);
    expect(describeFlow(peers[1]!)).toContain('replication on port 5433');
  });
  it('falls back to the Service ports when the StatefulSet lists no container port', () => {
    const analysis = analysisOf(headlessService(), statefulSet().replace(/\n {10}ports:\n.*$/s, '\n'));
    const peers = flowsOf(analysis).filter((f) => f.kind === 'peer');
    expect(peers).toMatchObject([{ port: 5432, portAssumed: true, path: ['spec', 'serviceName'] }]);
  });
  it('resolves the container port a flow reaches through a named targetPort', () => {
    const analysis = analysisOf(...db('    - name: tcp-pg\n      port: 5432\n      targetPort: pg', '            - name: pg\n              containerPort: 6543'), client('app', 'db-0.db.data.svc.cluster.local:5432'));
    const flow = flowsOf(analysis).find((f) => f.kind === 'caller')!;
    expect(targetPortOn(flow, workload(analysis, 'db'))).toBe(6543);
  });
});
