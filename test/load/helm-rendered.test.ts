/** Helm's rendered output is split into one SourceFile per template, as `helm template --output-dir` writes them. */
import { describe, expect, it } from 'vitest';
import { splitRendered } from '../../src/load/helm.js';
import { HELM_TEMPLATE_OUTPUT } from '../e2e/helm-output.js';

describe('splitRendered', () => {
  const files = splitRendered('<stdin>', HELM_TEMPLATE_OUTPUT);

  it('names each file by its # Source: path, in first-seen order, and remembers the input', () => {
    expect(files.map((f) => f.path)).toEqual([
      'kafka/templates/namespace.yaml',
      'kafka/charts/zookeeper/templates/service.yaml',
      'kafka/templates/extra.yaml',
      'kafka/templates/service.yaml',
      'kafka/templates/statefulset.yaml',
    ]);
    expect(files.every((f) => f.renderedFrom === '<stdin>')).toBe(true);
  });

  it('gives each template its sections in Helm order, each starting with its --- and # Source: lines', () => {
    const extra = files.find((f) => f.path === 'kafka/templates/extra.yaml');
    const sections = extra?.text.split(/^(?=---\n# Source: )/m) ?? [];
    expect(sections).toHaveLength(2);
    expect(sections[0]).toMatch(/^---\n# Source: kafka\/templates\/extra.yaml\napiVersion: v1\nkind: ConfigMap\n/);
    expect(sections[1]).toMatch(/^---\n# Source: kafka\/templates\/extra.yaml\napiVersion: v1\nkind: Service\n/);
  });

  it('loses no byte: the sections put back in stream order are the input', () => {
    const lengths = files.reduce((n, f) => n + f.text.length, 0);
    expect(lengths).toBe(HELM_TEMPLATE_OUTPUT.length);
  });

  it('keeps positions inside the rendered file: line 1 is the ---, line 2 the # Source:', () => {
    const service = files.find((f) => f.path === 'kafka/templates/service.yaml');
    const at = service?.text.indexOf('app.kubernetes.io/name: kafka-broker') ?? -1;
    expect(service?.position(at)).toEqual({ line: 13, column: 5 });
    expect(service?.text.split('\n').slice(0, 2)).toEqual(['---', '# Source: kafka/templates/service.yaml']);
  });

  it('accepts output without the first --- and with CRLF line ends', () => {
    const crlf = '# Source: c/templates/a.yaml\r\nkind: A\r\n---\r\n# Source: c/templates/b.yaml\r\nkind: B\r\n';
    expect(splitRendered('x.yaml', crlf).map((f) => [f.path, f.text])).toEqual([
      ['c/templates/a.yaml', '# Source: c/templates/a.yaml\r\nkind: A\r\n'],
      ['c/templates/b.yaml', '---\r\n# Source: c/templates/b.yaml\r\nkind: B\r\n'],
    ]);
  });

  it('keeps manifest text before the first # Source: under the input name', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n# Source: c/templates/b.yaml\nkind: B\n';
    expect(splitRendered('<stdin>', text).map((f) => f.path)).toEqual(['<stdin>', 'c/templates/b.yaml']);
  });

  it('leaves other input whole, including a # Source: comment that does not head a document', () => {
    const plain = 'apiVersion: v1\nkind: Service\n# Source: not/a/header.yaml\nmetadata:\n  name: a\n';
    expect(splitRendered('svc.yaml', plain).map((f) => [f.path, f.text, f.renderedFrom])).toEqual([['svc.yaml', plain, undefined]]);
    expect(splitRendered('svc.yaml', '---\n#Source: x.yaml\nkind: A\n').map((f) => f.path)).toEqual(['svc.yaml']);
  });
});
