import { describe, expect, it } from 'vitest';
import { isHttpProtocol, isTcpProtocol, servicePortProtocol } from '../../../src/facts/transport/port-protocol.js';

describe('servicePortProtocol', () => {
  it('UDP wins over everything', () => {
    expect(servicePortProtocol({ name: 'http-x', appProtocol: 'http', protocol: 'UDP', port: 80 })).toMatchObject({ protocol: 'UDP', from: 'protocol' });
  });
  it('appProtocol wins over the name, and is not completed from the name when unknown', () => {
    expect(servicePortProtocol({ name: 'tcp-db', appProtocol: 'http', port: 80 })).toMatchObject({ protocol: 'HTTP', from: 'appProtocol' });
    expect(servicePortProtocol({ name: 'tcp-db', appProtocol: 'postgres', port: 5432 })).toMatchObject({ protocol: 'auto', path: ['appProtocol'] });
    expect(servicePortProtocol({ appProtocol: 'kubernetes.io/h2c', port: 80 }).protocol).toBe('HTTP2');
  });
  it('reads the name prefix before the first dash, case-insensitively', () => {
    expect(servicePortProtocol({ name: 'tcp-postgres', port: 5432 })).toMatchObject({ protocol: 'TCP', from: 'name' });
    expect(servicePortProtocol({ name: 'HTTP', port: 80 }).protocol).toBe('HTTP');
    expect(servicePortProtocol({ name: 'grpc-web-x', port: 80 }).protocol).toBe('GRPC-Web');
    expect(servicePortProtocol({ name: 'http2-x', port: 80 }).protocol).toBe('HTTP2');
    expect(servicePortProtocol({ name: 'mysql', port: 3307 }).protocol).toBe('MySQL');
  });
  it('auto-detects unknown names except on well-known ports', () => {
    expect(servicePortProtocol({ name: 'postgres', port: 5432 })).toMatchObject({ protocol: 'auto', from: 'none' });
    expect(servicePortProtocol({ port: 4222 })).toMatchObject({ protocol: 'auto', path: ['port'] });
    expect(servicePortProtocol({ name: 'smtp', port: 25 })).toMatchObject({ protocol: 'TCP', from: 'well-known port' });
    expect(servicePortProtocol({ port: 3306 }).protocol).toBe('TCP');
  });
  it('classifies HTTP and TCP protocols', () => {
    expect(isHttpProtocol('GRPC')).toBe(true);
    expect(isTcpProtocol('GRPC')).toBe(false);
    expect(isTcpProtocol('Redis')).toBe(true);
    expect(isTcpProtocol('auto')).toBe(false);
  });
});
