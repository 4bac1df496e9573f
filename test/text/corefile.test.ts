import { describe, expect, it } from 'vitest';
import { isPlaceholder, isReverseZone, kubernetesPlugins, normalizeZone, parseCorefile, serverFor, tokenize } from '../../src/text/corefile.js';

const KUBEADM = `.:53 {
    errors
    health {
       lameduck 5s
    }
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    forward . /etc/resolv.conf
    cache 30
}
`;

describe('tokenize', () => {
  it('keeps 0-based line and column, skips comments, reads quoted strings', () => {
    const tokens = tokenize('a "b c" # comment {\n  d{e}\n');
    expect(tokens.map((t) => [t.text, t.line, t.column, t.newlineBefore])).toEqual([
      ['a', 0, 0, true],
      ['b c', 0, 2, false],
      ['d', 1, 2, true],
      ['{', 1, 3, false],
      ['e', 1, 4, false],
      ['}', 1, 5, false],
    ]);
  });

  it('reads an environment placeholder as one token, not as a block', () => {
    expect(tokenize('kubernetes {$DOMAIN} in-addr.arpa').map((t) => t.text)).toEqual(['kubernetes', '{$DOMAIN}', 'in-addr.arpa']);
  });

  it('accepts CRLF line endings', () => {
    expect(tokenize('.:53 {\r\n  kubernetes cluster.local\r\n}\r\n').map((t) => t.text)).toEqual(['.:53', '{', 'kubernetes', 'cluster.local', '}']);
  });
});

describe('parseCorefile', () => {
  it('reads the kubeadm Corefile: one server block, nested plugin blocks', () => {
    const blocks = parseCorefile(KUBEADM);
    expect(blocks).toHaveLength(1);
    const block = blocks[0]!;
    expect(block.keys.map((k) => k.text)).toEqual(['.:53']);
    expect(block.directives.map((d) => d.name.text)).toEqual(['errors', 'health', 'kubernetes', 'forward', 'cache']);
    const k8s = block.directives[2]!;
    expect(k8s.args.map((a) => [a.text, a.line, a.column])).toEqual([
      ['cluster.local', 5, 15],
      ['in-addr.arpa', 5, 29],
      ['ip6.arpa', 5, 42],
    ]);
    expect(k8s.block.map((d) => d.name.text)).toEqual(['pods', 'fallthrough', 'ttl']);
  });

  it('reads several server blocks and several keys, spaces or commas', () => {
    const blocks = parseCorefile('a.local b.local:53 {\n  whoami\n}\nc.local, d.local:5353 {\n  log\n}\n');
    expect(blocks.map((b) => b.keys.map((k) => [k.text, k.column]))).toEqual([
      [
        ['a.local', 0],
        ['b.local:53', 8],
      ],
      [
        ['c.local', 0],
        ['d.local:5353', 9],
      ],
    ]);
  });

  it('expands snippets imported by a server block, and does not treat the snippet as a server', () => {
    const blocks = parseCorefile('(k8s) {\n  kubernetes corp.internal\n}\n.:53 {\n  import k8s\n  forward . 1.1.1.1\n}\n');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.directives.map((d) => d.name.text)).toEqual(['kubernetes', 'forward']);
    expect(kubernetesPlugins(blocks)[0]!.zones.map((z) => [z.text, z.line])).toEqual([['corp.internal', 1]]);
  });

  it('keeps a file import as a directive', () => {
    const blocks = parseCorefile('.:53 {\n  import /etc/coredns/custom/*.server\n}\n');
    expect(blocks[0]!.directives.map((d) => d.name.text)).toEqual(['import']);
  });

  it('survives unbalanced input', () => {
    expect(() => parseCorefile('.:53 {\n kubernetes {\n')).not.toThrow();
    expect(parseCorefile('.:53 {\n kubernetes {\n')[0]?.directives.map((d) => d.name.text)).toEqual(['kubernetes']);
    expect(parseCorefile('')).toEqual([]);
  });
});

describe('kubernetesPlugins', () => {
  it('takes the plugin arguments as zones and separates reverse zones', () => {
    const [plugin] = kubernetesPlugins(parseCorefile(KUBEADM));
    expect(plugin!.zones.map((z) => z.text)).toEqual(['cluster.local', 'in-addr.arpa', 'ip6.arpa']);
    expect(plugin!.forwardZones.map((z) => z.text)).toEqual(['cluster.local']);
  });

  it("falls back to the server block's zones when the plugin lists none", () => {
    const [plugin] = kubernetesPlugins(parseCorefile('cluster.local:53 10.0.0.0/8 {\n  kubernetes\n}\n'));
    expect(plugin!.zones.map((z) => z.text)).toEqual(['cluster.local:53', '10.0.0.0/8']);
    expect(plugin!.forwardZones.map((z) => z.text)).toEqual(['cluster.local:53']);
  });

  it('finds none in a Corefile without the plugin', () => {
    expect(kubernetesPlugins(parseCorefile('.:53 {\n  forward . 8.8.8.8\n}\n'))).toEqual([]);
  });
});

describe('zones', () => {
  it('normalizes scheme, port, trailing dot and case', () => {
    expect(normalizeZone('dns://Cluster.Local.:53')).toBe('cluster.local');
    expect(normalizeZone('.:53')).toBe('');
    expect(normalizeZone('tls://example.org')).toBe('example.org');
  });

  it('recognises reverse zones, CIDR form included', () => {
    expect(isReverseZone('in-addr.arpa')).toBe(true);
    expect(isReverseZone('10.in-addr.arpa.')).toBe(true);
    expect(isReverseZone('10.96.0.0/12')).toBe(true);
    expect(isReverseZone('cluster.local')).toBe(false);
  });

  it('recognises placeholders', () => {
    expect(isPlaceholder('{$CLUSTER_DOMAIN}')).toBe(true);
    expect(isPlaceholder('cluster.local')).toBe(false);
  });
});

describe('serverFor', () => {
  const blocks = parseCorefile('.:53 {\n  kubernetes cluster.local\n}\ncorp.internal:53 {\n  forward . 10.0.0.1\n}\n');
  it('routes a query to the longest matching zone', () => {
    expect(serverFor(blocks, 'svc.corp.internal')?.keys[0]?.text).toBe('corp.internal:53');
    expect(serverFor(blocks, 'svc.cluster.local')?.keys[0]?.text).toBe('.:53');
  });
  it('finds nothing when no zone matches', () => {
    expect(serverFor(parseCorefile('example.org {\n  whoami\n}\n'), 'svc.cluster.local')).toBeUndefined();
  });
});
