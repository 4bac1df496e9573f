import { describe, expect, it } from 'vitest';
import { isIstioGateway } from '../../src/facts/injection/gateways.js';
import { serverFirstProtocol } from '../../src/knowledge/server-first.js';
import { statefulSet } from '../helpers/mesh-fixtures.js';
import { graphOf } from './graph-of.js';

describe('serverFirstProtocol', () => {
  it('knows server-first images on their ports', () => {
    expect(serverFirstProtocol('nats:2.10-alpine', 4222)?.name).toBe('NATS');
    expect(serverFirstProtocol('docker.io/library/mariadb:11', 3307)?.name).toBe('MySQL protocol');
    expect(serverFirstProtocol('boky/postfix', 587)?.name).toBe('SMTP');
  });
  it('ignores client-first servers, other ports and look-alike names', () => {
    expect(serverFirstProtocol('postgres:16', 5432)).toBeUndefined();
    expect(serverFirstProtocol('nats:2.10', 8222)).toBeUndefined();
    expect(serverFirstProtocol('example/natsume:1', 4222)).toBeUndefined();
  });
});

describe('isIstioGateway', () => {
  it('recognises gateways by injection template and istio label', () => {
    const tpl = graphOf(statefulSet().replace('        app: db\n    spec', '        app: db\n      annotations:\n        inject.istio.io/templates: gateway\n    spec'));
    expect(isIstioGateway(tpl.workloads[0]!)).toBe(true);
    const label = graphOf(statefulSet().replace('        app: db\n    spec', '        app: db\n        istio: egressgateway\n    spec'));
    expect(isIstioGateway(label.workloads[0]!)).toBe(true);
    expect(isIstioGateway(graphOf(statefulSet()).workloads[0]!)).toBe(false);
  });
});
