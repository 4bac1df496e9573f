/**
 * An object as Kustomize rendered it, located in the files the user edits. Rules read the
 * rendered value (prefixed names, the overlay's namespace, patched fields); positions come from
 * the file the object came from (Kustomize's origin annotation), or from the patch or the
 * kustomization field that wrote the reported value. When no file holds the field, the finding
 * points at the object in its source file and names the patches that changed it.
 */
import { SourceDocument, type LocateOptions, type Located, type Path, type PathSegment } from './parser.js';
import { asObj, hasOwn } from './resource.js';
import type { SourceFile } from './source.js';

/** A document of a patch file that applies to this object. */
export interface AppliedPatch {
  doc: SourceDocument;
  /** a JSON 6902 patch: a list of operations, not a partial object */
  json6902: boolean;
}

/** A field a kustomization sets on every object (namespace, namePrefix), with where it is written. */
export interface Setter {
  /** the path of the object's field it sets */
  field: Path;
  doc: SourceDocument;
  /** the kustomization key that sets it */
  key: string;
  /** the kustomization's value is the field's value (namespace), not a part of it (namePrefix) */
  whole: boolean;
}

// Strategic merge matches list items by these keys; a rendered item is found in a source list by them.
const MERGE_KEYS = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip', 'topologyKey'];

interface Mapped {
  path: PathSegment[];
  complete: boolean;
}

/** `path` (into the rendered value) as a path into a source value, item by merge key. */
export function mapPath(source: unknown, rendered: unknown, path: Path): Mapped {
  const out: PathSegment[] = [];
  let s = source;
  let r = rendered;
  for (const seg of path) {
    if (typeof seg === 'number' && Array.isArray(s)) {
      const item = Array.isArray(r) ? asObj(r[seg]) : undefined;
      const key = item && MERGE_KEYS.find((k) => typeof item[k] === 'string' || typeof item[k] === 'number');
      const index = key ? s.findIndex((x) => asObj(x)?.[key] === item[key]) : seg < s.length ? seg : -1;
      if (index === -1) return { path: out, complete: false };
      out.push(index);
      s = s[index];
      r = Array.isArray(r) ? r[seg] : undefined;
      continue;
    }
    const obj = asObj(s);
    if (!obj || !hasOwn(obj, String(seg))) return { path: out, complete: false };
    out.push(seg);
    s = obj[String(seg)];
    r = asObj(r)?.[String(seg)];
  }
  return { path: out, complete: true };
}

function isIdentity(path: Path): boolean {
  return path[0] === 'apiVersion' || path[0] === 'kind' || (path[0] === 'metadata' && (path[1] === 'name' || path[1] === 'namespace') && path.length === 2);
}

function pointerOf(op: unknown): PathSegment[] | undefined {
  const pointer = asObj(op)?.path;
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export class RenderedDocument extends SourceDocument {
  constructor(
    /** the document the object came from; undefined for a remote base */
    private readonly origin: SourceDocument | undefined,
    file: SourceFile,
    value: unknown,
    /** where the object is written in its origin ([] for a manifest, the generator entry for a generated object) */
    private readonly anchor: Path,
    private readonly patches: readonly AppliedPatch[],
    private readonly setters: readonly Setter[],
  ) {
    super(file, origin?.index ?? 0, value, () => undefined);
  }

  override writtenName(): string | undefined {
    const name = asObj(asObj(this.origin?.value)?.metadata)?.name;
    return this.anchor.length === 0 && typeof name === 'string' ? name : undefined;
  }

  override locate(path: Path, options: LocateOptions = {}): Located {
    const hit = this.writtenAt(path);
    if (hit) return { ...hit.doc.locate(hit.path, options), file: hit.doc.file.path, related: this.changedBy(path) };
    return this.fallback(path, options);
  }

  override locateInText(path: Path, line: number, column: number, length: number): Located {
    const hit = this.writtenAt(path);
    if (hit) return { ...hit.doc.locateInText(hit.path, line, column, length), file: hit.doc.file.path, related: this.changedBy(path) };
    return this.fallback(path, {});
  }

  /** The document and path where the rendered field's value is written, if one is. */
  private writtenAt(path: Path): { doc: SourceDocument; path: PathSegment[] } | undefined {
    for (const setter of this.setters) {
      if (setter.whole && setter.field.length === path.length && setter.field.every((s, i) => s === path[i])) return { doc: setter.doc, path: [setter.key] };
    }
    for (const patch of [...this.patches].reverse()) {
      if (patch.json6902) {
        const ops = Array.isArray(patch.doc.value) ? patch.doc.value : [];
        for (let i = ops.length - 1; i >= 0; i--) {
          const op = asObj(ops[i]);
          const pointer = pointerOf(op);
          if (!pointer || pointer.length > path.length || !pointer.every((s, j) => String(s) === String(path[j]))) continue;
          if (op?.op === 'add' || op?.op === 'replace') return { doc: patch.doc, path: [i, 'value', ...path.slice(pointer.length)] };
        }
        continue;
      }
      // A strategic-merge patch repeats the object's identity to select it; that is not where the name is written.
      if (path.length === 0 || isIdentity(path)) continue;
      const mapped = mapPath(patch.doc.value, this.value, path);
      if (mapped.complete) return { doc: patch.doc, path: mapped.path };
    }
    // A field the source writes but the rendered object lacks was removed by a patch: not "written there".
    if (this.origin && this.anchor.length === 0 && mapPath(this.value, this.value, path).complete) {
      const mapped = mapPath(this.origin.value, this.value, path);
      if (mapped.complete) return { doc: this.origin, path: mapped.path };
    }
    return undefined;
  }

  /** The kustomization fields that changed the value written in the source (namePrefix on a name). */
  private changedBy(path: Path): NonNullable<Located['related']> {
    return this.setters
      .filter((setter) => !setter.whole && setter.field.length === path.length && setter.field.every((s, i) => s === path[i]))
      .map((setter) => ({ file: setter.doc.file.path, span: setter.doc.locate([setter.key]).span, message: `Kustomize ${setter.key} changes this field` }));
  }

  /** The object in its source file (as deep as the source has the path), with what changed it. */
  private fallback(path: Path, options: LocateOptions): Located {
    const related = this.changedBy(path);
    for (const patch of this.patches) related.push({ file: patch.doc.file.path, span: patch.doc.locate([]).span, message: 'a Kustomize patch that changes this object' });
    if (!this.origin) return { span: this.file.span(0, 0), exact: false, related };
    const mapped = this.anchor.length === 0 ? mapPath(this.origin.value, this.value, path).path : [...this.anchor];
    const base = this.origin.locate(mapped, options);
    return { ...base, exact: false, file: this.origin.file.path, related };
  }
}
