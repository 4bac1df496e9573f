/** Pod templates of every kind that creates pods, read uniformly. */
import type { Path } from '../load/parser.js';
import { asArray, asObj, asString, stringMap, type Obj, type Resource } from '../load/resource.js';
import type { OwnerKey } from './owners.js';

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, Path> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const WORKLOAD_KINDS = Object.keys(TEMPLATE_PATHS);

export interface Container {
  container: Obj;
  name: string;
  /** path of the container inside the resource */
  path: Path;
  init: boolean;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
  container: Container;
  path: Path;
}

export class Workload {
  readonly templatePath: Path;
  readonly template: Obj;

  /**
   * The controller at the top of this workload's chain, as kind, namespace and name: the
   * resource itself for what the user applies, or the Deployment (StatefulSet...) that a live
   * Pod or ReplicaSet stands for when the input holds only those.
   */
  readonly owner: OwnerKey;

  constructor(
    readonly resource: Resource,
    owner?: OwnerKey,
  ) {
    this.owner = owner ?? { kind: resource.kind, namespace: resource.namespace, name: resource.name };
    this.templatePath = TEMPLATE_PATHS[resource.kind] ?? [];
    let node: unknown = resource.value;
    for (const seg of this.templatePath) node = asObj(node)?.[seg as string];
    this.template = asObj(node) ?? {};
  }

  get kind(): string {
    return this.resource.kind;
  }
  get name(): string {
    return this.resource.name;
  }
  get namespace(): string {
    return this.resource.namespace;
  }
  get display(): string {
    return this.resource.display;
  }

  /** Labels the pods will carry. */
  get labels(): Record<string, string> {
    return stringMap(asObj(this.template.metadata)?.labels);
  }
  get annotations(): Record<string, string> {
    return stringMap(asObj(this.template.metadata)?.annotations);
  }
  get podSpec(): Obj {
    return asObj(this.template.spec) ?? {};
  }
  /** Path to a field of the pod template's metadata, relative to the resource. */
  metadataPath(...rest: (string | number)[]): Path {
    return [...this.templatePath, 'metadata', ...rest];
  }
  /** Path to a field of the pod spec, relative to the resource. */
  specPath(...rest: (string | number)[]): Path {
    return [...this.templatePath, 'spec', ...rest];
  }

  get hostNetwork(): boolean {
    return this.podSpec.hostNetwork === true;
  }

  get replicas(): number | undefined {
    if (this.kind === 'Pod') return 1;
    const r = this.resource.spec.replicas;
    if (typeof r === 'number') return r;
    return this.kind === 'StatefulSet' || this.kind === 'Deployment' || this.kind === 'ReplicaSet' ? 1 : undefined;
  }

  containers(includeInit = false): Container[] {
    const out: Container[] = [];
    const lists: [string, boolean][] = includeInit
      ? [
          ['initContainers', true],
          ['containers', false],
        ]
      : [['containers', false]];
    for (const [field, init] of lists) {
      asArray(this.podSpec[field]).forEach((c, i) => {
        const container = asObj(c);
        if (container) out.push({ container, name: asString(container.name) ?? '', path: this.specPath(field, i), init });
      });
    }
    return out;
  }

  ports(): ContainerPort[] {
    const out: ContainerPort[] = [];
    for (const container of this.containers()) {
      asArray(container.container.ports).forEach((p, i) => {
        const port = asObj(p);
        const number = typeof port?.containerPort === 'number' ? port.containerPort : Number(port?.containerPort);
        if (!port || !Number.isInteger(number)) return;
        out.push({
          name: asString(port.name),
          containerPort: number,
          protocol: asString(port.protocol) ?? 'TCP',
          container,
          path: [...container.path, 'ports', i],
        });
      });
    }
    return out;
  }

  /** A named port resolved the way kube-proxy and the endpoints controller do: by container port name. */
  resolveNamedPort(name: string): ContainerPort | undefined {
    return this.ports().find((p) => p.name === name);
  }
}
