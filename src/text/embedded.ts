/**
 * Configuration embedded as text in a ConfigMap (mesh config, kubeadm ClusterConfiguration,
 * injector values JSON). It is parsed with positions so findings point at the embedded line.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter } from 'yaml';
import type { Located, Path } from '../load/parser.js';
import { asObj, type Obj, type Resource } from '../load/resource.js';
import { parseYamlSafely } from '../load/safe-yaml.js';

export interface EmbeddedDocument {
  resource: Resource;
  /** path of the string inside the resource, e.g. ['data', 'mesh'] */
  path: Path;
  value: Obj;
  locate(subpath: Path): Located;
}

export function readEmbedded(resource: Resource, path: Path): EmbeddedDocument | undefined {
  let node: unknown = resource.value;
  // Paths cross lists too: a container's env value is ['spec', 'containers', 0, 'env', 3, 'value'].
  for (const seg of path) node = Array.isArray(node) && typeof seg === 'number' ? node[seg] : asObj(node)?.[seg as string];
  if (typeof node !== 'string') return undefined;
  const lineCounter = new LineCounter();
  // Embedded documents are read by Go's YAML/JSON decoders inside the components; 1.1 is the closest.
  const parsed = parseYamlSafely(node, { lineCounter, version: '1.1', uniqueKeys: false, prettyErrors: false });
  const doc = parsed.documents[0];
  if (!doc || parsed.documents.length > 1 || parsed.tooDeep.length > 0 || doc.errors.length > 0) return undefined;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  const obj = asObj(value);
  if (!obj) return undefined;
  return {
    resource,
    path,
    value: obj,
    locate(subpath: Path): Located {
      let current: unknown = doc.contents;
      let range: [number, number] | undefined;
      let exact = true;
      for (const seg of subpath) {
        let next: unknown;
        let keyRange: [number, number] | undefined;
        if (isMap(current)) {
          const pair = current.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
          if (pair && isScalar(pair.key) && pair.key.range) keyRange = [pair.key.range[0], pair.key.range[1]];
          next = pair?.value;
          if (!pair) {
            exact = false;
            break;
          }
        } else if (isSeq(current) && typeof seg === 'number') {
          next = current.items[seg];
          if (next === undefined) {
            exact = false;
            break;
          }
        } else {
          exact = false;
          break;
        }
        current = next;
        const nodeRange = (current as { range?: [number, number, number] } | null)?.range;
        range = isScalar(current) && nodeRange ? [nodeRange[0], nodeRange[1]] : (keyRange ?? (nodeRange ? [nodeRange[0], nodeRange[1]] : range));
      }
      if (!range) return resource.locate(path);
      const pos = lineCounter.linePos(range[0]);
      const inner = resource.locateInText(path, pos.line - 1, pos.col - 1, Math.max(1, range[1] - range[0]));
      return { span: inner.span, exact: inner.exact && exact };
    },
  };
}
