import { describe, expect, it } from 'vitest';
import { readingsOf, scanHosts } from '../../src/text/dns-names.js';

describe('scanHosts', () => {
  it('finds hosts in URLs, host:port lists and plain names with their ports and offsets', () => {
    const text = 'postgres://user:pw@db-0.db.data.svc.cluster.local:5432/app?x=1, redis:6379;kafka.data';
    const found = scanHosts(text).map((h) => [h.host, h.port, text.slice(h.offset, h.offset + h.length)]);
    expect(found).toEqual([
      ['db-0.db.data.svc.cluster.local', 5432, 'db-0.db.data.svc.cluster.local'],
      ['redis', 6379, 'redis'],
      ['kafka.data', undefined, 'kafka.data'],
    ]);
  });

  it('ignores IP addresses, versions, upper-case words and paths', () => {
    expect(scanHosts('10.0.0.1:80 1.2.3 Hello /etc/hosts').map((h) => h.host)).toEqual([]);
  });

  it('strips a trailing dot of a fully qualified name', () => {
    expect(scanHosts('db.data.svc.cluster.local.').map((h) => h.host)).toEqual(['db.data.svc.cluster.local']);
  });
});

describe('readingsOf', () => {
  it('reads FQDNs, per-pod names and the ambiguous two-label form', () => {
    expect(readingsOf('db-0.db.data.svc.cluster.local')).toEqual([{ pod: 'db-0', service: 'db', namespace: 'data', domain: 'cluster.local' }]);
    expect(readingsOf('db.data.svc')).toEqual([{ pod: undefined, service: 'db', namespace: 'data', domain: '' }]);
    expect(readingsOf('db.data')).toEqual([
      { pod: 'db', service: 'data' },
      { service: 'db', namespace: 'data' },
    ]);
    expect(readingsOf('db-1.db.data')).toEqual([{ pod: 'db-1', service: 'db', namespace: 'data' }]);
    expect(readingsOf('a.b.c.d')).toEqual([]);
  });
});
