import { describe, expect, it } from 'vitest';
import { serverFirstProtocol } from '../../src/knowledge/server-first.js';

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
