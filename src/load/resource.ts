/** A Kubernetes (or Istio, kubeadm, kubelet) object read from a document, with where it came from. */
import type { LocateOptions, Located, Path, SourceDocument } from './parser.js';

export type Obj = Record<string, unknown>;

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
}

// Kinds without a namespace. Component configuration files (kubeadm, kubelet) are not API
// objects but behave the same way here.
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'PriorityClass',
  'APIService',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'PodSecurityPolicy',
  'GatewayClass',
  'ClusterConfiguration',
  'InitConfiguration',
  'JoinConfiguration',
  'KubeletConfiguration',
  'KubeProxyConfiguration',
  'ClusterIssuer',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

export class Resource {
  readonly ref: ResourceRef;

  constructor(
    readonly document: SourceDocument,
    /** path of this object inside its document ([] or ['items', i] for List members) */
    readonly base: Path,
    readonly value: Obj,
    namespace: string | null,
  ) {
    const metadata = asObj(value.metadata);
    this.ref = {
      apiVersion: typeof value.apiVersion === 'string' ? value.apiVersion : '',
      kind: typeof value.kind === 'string' ? value.kind : '',
      namespace,
      name: typeof metadata?.name === 'string' ? metadata.name : '',
    };
  }

  get kind(): string {
    return this.ref.kind;
  }
  get name(): string {
    return this.ref.name;
  }
  /** The name as written in its source file: before Kustomize's namePrefix or nameSuffix, for a rendered object. */
  get writtenName(): string {
    return (this.base.length === 0 ? this.document.writtenName() : undefined) ?? this.name;
  }
  /** The namespace the API server would put it in; '' for cluster-scoped kinds. */
  get namespace(): string {
    return this.ref.namespace ?? '';
  }
  get file(): string {
    return this.document.file.path;
  }
  get metadata(): Obj {
    return asObj(this.value.metadata) ?? {};
  }
  get labels(): Record<string, string> {
    return stringMap(this.metadata.labels);
  }
  get annotations(): Record<string, string> {
    return stringMap(this.metadata.annotations);
  }
  get spec(): Obj {
    return asObj(this.value.spec) ?? {};
  }

  /** "Kind ns/name" as users read it in messages. */
  get display(): string {
    return `${this.kind} ${this.ref.namespace ? `${this.ref.namespace}/` : ''}${this.name}`;
  }

  locate(path: Path, options?: LocateOptions): Located {
    return this.document.locate([...this.base, ...path], options);
  }

  locateInText(path: Path, line: number, column: number, length: number): Located {
    return this.document.locateInText([...this.base, ...path], line, column, length);
  }
}

/**
 * Istio's Helm values (`global`, `meshConfig` at the top, no apiVersion or metadata): not a resource,
 * but they state istiod's settings (the cluster domain, the trust domain), so they are read (model.helmValues).
 */
export function isIstioHelmValues(value: unknown): boolean {
  const obj = asObj(value);
  return obj !== undefined && obj.apiVersion === undefined && obj.metadata === undefined && (asObj(obj.global) !== undefined || asObj(obj.meshConfig) !== undefined);
}

export function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The text of a scalar as Kubernetes would print it; undefined for maps, lists and null.
 * String() on user-written maps is unsafe: `{toString: 0}` makes it throw.
 */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** The scalar items of a list, as text; maps and lists inside are dropped. */
export function textList(value: unknown): string[] {
  const out: string[] = [];
  for (const item of asArray(value)) {
    const text = scalarText(item);
    if (text !== undefined) out.push(text);
  }
  return out;
}

/**
 * Labels and annotations as a null-prototype map of string values, so that user keys such as
 * `constructor` or `__proto__` can never reach Object.prototype. Non-string values are kept as
 * Kubernetes would reject them: the schema rule reports those, here they read as their text.
 */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const obj = asObj(value);
  if (!obj) return out;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    const text = scalarText(v);
    if (text !== undefined) out[key] = text;
  }
  return out;
}

export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}
