/**
 * Who calls which Service: cluster DNS names found in a workload's container env values,
 * args and command, and in the ConfigMaps it loads (`envFrom`, `valueFrom.configMapKeyRef`)
 * or mounts as volumes. One index, built once, used by many rules.
 */
import type { Located, Path } from '../../load/parser.js';
import { asArray, asObj, asString, type Obj, type Resource } from '../../load/resource.js';
import { HOST_CONTEXT_RE, lineColumnOf, readingsOf, scanHosts, type HostMention, type NameParts } from '../../text/dns-names.js';
import { configMapKeyRef, envFromConfigMaps, mountedConfigMaps } from '../../model/config-map-refs.js';
import type { Model } from '../../model/model.js';
import type { Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { injectedContainers } from '../injection/sidecar-evidence.js';
import { WORKLOAD_KINDS } from '../../model/workload.js';

export interface DnsReference {
  caller: Workload;
  /** the Service it resolves to, when the input has it */
  service?: Resource;
  /** no Service has the name, but one was written with it before Kustomize renamed it (namePrefix, nameSuffix) */
  renamed?: Resource;
  parts: NameParts;
  /** namespace the name resolves in */
  namespace: string;
  /** the name as written */
  name: string;
  port?: number;
  /** where the name is written: a field of the workload or of a ConfigMap */
  resource: Resource;
  path: Path;
  located: Located;
}

export interface CallerIndexInput {
  workloads: Workload[];
  configMap(namespace: string, name: string): Resource | undefined;
  service(namespace: string, name: string): Resource | undefined;
  /** a Service written with this name in its source file but renamed by Kustomize */
  renamedService?(namespace: string, name: string): Resource | undefined;
}

export class CallerIndex {
  readonly references: DnsReference[] = [];
  private readonly byService = new Map<Resource, DnsReference[]>();
  private readonly byCaller = new Map<Workload, DnsReference[]>();

  constructor(input: CallerIndexInput) {
    for (const workload of input.workloads) {
      for (const text of textsOf(workload, input)) scanText(workload, text, input, this.references);
    }
    for (const ref of this.references) {
      if (ref.service) push(this.byService, ref.service, ref);
      push(this.byCaller, ref.caller, ref);
    }
  }

  /** References that resolve to this Service, from any workload (its own pods included). */
  toService(service: Resource): DnsReference[] {
    return this.byService.get(service) ?? [];
  }

  /** Calls from other workloads than the Service's own pods. */
  callersOf(service: Resource, backing: readonly Workload[]): DnsReference[] {
    return this.toService(service).filter((r) => !backing.includes(r.caller));
  }

  from(caller: Workload): DnsReference[] {
    return this.byCaller.get(caller) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A piece of a workload's configuration that may name hosts, and where it is written. */
export interface ScannedText {
  text: string;
  resource: Resource;
  path: Path;
  /** a name giving context (env var name, ConfigMap key, preceding flag) */
  context: string;
}

/** Every text of a workload that may name a host: args, command, env values, the ConfigMaps it loads or mounts. */
export function* textsOf(workload: Workload, input: CallerIndexInput): Generator<ScannedText> {
  const resource = workload.resource;
  const ns = workload.namespace;
  // The containers the injector wrote (istio-proxy, istio-init) name the mesh's addresses, not the application's.
  const injected = new Set(injectedContainers(workload).map((c) => c.name));
  for (const container of workload.containers(true)) {
    if (injected.has(container.name)) continue;
    const c = container.container;
    for (const field of ['command', 'args'] as const) {
      const list = asArray(c[field]);
      for (let i = 0; i < list.length; i++) {
        const value = list[i];
        if (typeof value !== 'string') continue;
        const previous = i > 0 && typeof list[i - 1] === 'string' ? (list[i - 1] as string) : '';
        yield { text: value, resource, path: [...container.path, field, i], context: `${previous} ${value.split(/[=\s]/)[0] ?? ''}` };
      }
    }
    const envList = asArray(c.env);
    for (let i = 0; i < envList.length; i++) {
      const env = asObj(envList[i]);
      if (!env) continue;
      const name = asString(env.name) ?? '';
      if (typeof env.value === 'string') {
        yield { text: env.value, resource, path: [...container.path, 'env', i, 'value'], context: name };
      }
      const ref = configMapKeyRef(env);
      if (ref) {
        const cm = input.configMap(ns, ref.name);
        const data = asObj(cm?.value.data);
        if (cm && typeof data?.[ref.key] === 'string') yield { text: data[ref.key] as string, resource: cm, path: ['data', ref.key], context: name };
      }
    }
    for (const cmName of envFromConfigMaps(c)) yield* configMapTexts(input.configMap(ns, cmName));
  }
  for (const name of mountedConfigMaps(workload)) yield* configMapTexts(input.configMap(ns, name));
}

function* configMapTexts(cm: Resource | undefined): Generator<ScannedText> {
  if (!cm) return;
  const data: Obj = asObj(cm.value.data) ?? {};
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (typeof value === 'string') yield { text: value, resource: cm, path: ['data', key], context: key };
  }
}

function scanText(caller: Workload, scanned: ScannedText, input: CallerIndexInput, out: DnsReference[]) {
  const contextual = HOST_CONTEXT_RE.test(scanned.context);
  for (const mention of scanHosts(scanned.text)) {
    const single = !mention.host.includes('.');
    if (single && !mention.qualifiedByForm && !(contextual && mention.offset === firstTokenOffset(scanned.text, mention.offset))) continue;
    const resolved = resolve(mention.host, caller.namespace, input);
    if (!resolved) continue;
    const locate = mentionLocator(scanned, mention);
    out.push({
      caller,
      service: resolved.service,
      renamed: resolved.renamed,
      parts: resolved.parts,
      namespace: resolved.namespace,
      name: mention.host,
      port: mention.port,
      resource: scanned.resource,
      path: scanned.path,
      get located(): Located {
        return locate();
      },
    });
  }
}

/** Where a mention sits in its file. Positions cost a positioned parse of the file: computed only when a finding uses them. */
export function mentionLocator(scanned: ScannedText, mention: HostMention): () => Located {
  let located: Located | undefined;
  return () => {
    if (!located) {
      const { line, column } = lineColumnOf(scanned.text, mention.offset);
      located = scanned.resource.locateInText(scanned.path, line, column, mention.length);
    }
    return located;
  };
}

// A bare word counts as a host only when it is the value itself (e.g. DB_HOST=db), not one word of prose.
function firstTokenOffset(text: string, offset: number): number {
  const before = text.slice(0, offset);
  return /^[\s,;]*$/.test(before) || /[,;\s]$/.test(before) ? offset : -1;
}

/** Resolve a name the way the caller's resolver would; undefined when it is not a cluster name. */
export function resolve(host: string, callerNs: string, input: CallerIndexInput): { service?: Resource; renamed?: Resource; parts: NameParts; namespace: string } | undefined {
  const readings = readingsOf(host);
  for (const parts of readings) {
    const namespace = parts.namespace ?? callerNs;
    const service = input.service(namespace, parts.service);
    if (service) return { service, parts, namespace };
  }
  // Rendered by Kustomize: the name the source wrote, which a namePrefix no longer lets resolve.
  for (const parts of readings) {
    const namespace = parts.namespace ?? callerNs;
    const renamed = input.renamedService?.(namespace, parts.service);
    if (renamed) return { renamed, parts, namespace };
  }
  // A name spelled with `.svc` is a cluster name even when the input lacks its Service or namespace.
  const explicit = readings.find((r) => r.domain !== undefined);
  if (explicit) return { parts: explicit, namespace: explicit.namespace as string };
  return undefined;
}

/** The Service written in its source as NAME that Kustomize renamed (namePrefix, nameSuffix). */
export function renamedServiceIn(model: Model): (namespace: string, name: string) => Resource | undefined {
  return (ns, name) => model.ofKind('Service').find((s) => s.namespace === ns && s.name !== name && s.writtenName === name);
}

export const callers = defineFact({
  id: 'calls.callers',
  description: "which workload names which cluster DNS name (env, args, ConfigMaps), resolved to the input's Services",
  reads: [...WORKLOAD_KINDS, 'ConfigMap', 'Service'],
  compute: ({ model }) =>
    new CallerIndex({
      workloads: [...model.workloads],
      configMap: (ns, name) => model.get('ConfigMap', ns, name),
      service: (ns, name) => model.get('Service', ns, name),
      renamedService: renamedServiceIn(model),
    }),
});
