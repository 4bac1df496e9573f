/**
 * What a workload's manifests say about the application it runs: images, env (values written or
 * taken from ConfigMap keys), command and args words, pod labels, container ports and the config
 * files of the ConfigMaps its pods load. The catalogue of systems is matched against these; the
 * lookup of ConfigMaps is optional so knowledge helpers without a model still work.
 */
import type { Path } from '../load/parser.js';
import { asArray, asObj, asString, type Resource } from '../load/resource.js';
import { configMapKeyRef, envFromConfigMaps, mountedConfigMaps } from '../model/config-map-refs.js';
import type { Workload } from '../model/workload.js';

export interface InputText {
  text: string;
  resource: Resource;
  path: Path;
}

export interface EnvInput extends InputText {
  name: string;
}

export interface ConfigFile extends InputText {
  /** the ConfigMap key: the file's name when mounted */
  key: string;
}

export interface WorkloadInputs {
  workload: Workload;
  images: InputText[];
  env: EnvInput[];
  /** command and args words, one entry each */
  args: InputText[];
  labels: Record<string, string>;
  ports: { number: number; path: Path }[];
  configFiles: ConfigFile[];
}

export type ConfigMapLookup = (namespace: string, name: string) => Resource | undefined;

/** Names of the ConfigMaps the pods mount as volumes (projected too) or load with envFrom. */
function loadedConfigMaps(workload: Workload): string[] {
  return [...new Set([...mountedConfigMaps(workload), ...workload.containers(true).flatMap((c) => envFromConfigMaps(c.container))])];
}

export function workloadInputs(workload: Workload, configMap?: ConfigMapLookup): WorkloadInputs {
  const resource = workload.resource;
  const inputs: WorkloadInputs = { workload, images: [], env: [], args: [], labels: workload.labels, ports: [], configFiles: [] };
  for (const container of workload.containers()) {
    const c = container.container;
    const image = asString(c.image);
    if (image) inputs.images.push({ text: image, resource, path: [...container.path, 'image'] });
    for (const field of ['command', 'args'] as const) {
      asArray(c[field]).forEach((word, i) => {
        if (typeof word === 'string') inputs.args.push({ text: word, resource, path: [...container.path, field, i] });
      });
    }
    asArray(c.env).forEach((e, i) => {
      const env = asObj(e);
      const name = asString(env?.name);
      if (!env || !name) return;
      if (typeof env.value === 'string' || typeof env.value === 'number') {
        inputs.env.push({ name, text: String(env.value), resource, path: [...container.path, 'env', i, 'value'] });
        return;
      }
      const ref = configMapKeyRef(env);
      const cm = configMap && ref ? configMap(workload.namespace, ref.name) : undefined;
      const key = ref?.key;
      const value = key ? asObj(cm?.value.data)?.[key] : undefined;
      if (cm && key && typeof value === 'string') inputs.env.push({ name, text: value, resource: cm, path: ['data', key] });
      else inputs.env.push({ name, text: '', resource, path: [...container.path, 'env', i] });
    });
  }
  for (const p of workload.ports()) inputs.ports.push({ number: p.containerPort, path: [...p.path, 'containerPort'] });
  if (configMap) {
    for (const name of loadedConfigMaps(workload)) {
      const cm = configMap(workload.namespace, name);
      const data = asObj(cm?.value.data);
      if (!cm || !data) continue;
      for (const [key, value] of Object.entries(data)) {
        if (typeof value === 'string') inputs.configFiles.push({ key, text: value, resource: cm, path: ['data', key] });
      }
    }
  }
  return inputs;
}
