/**
 * The schemas themselves: each compiles, each file is reachable from the index, the healthy
 * example passes them, and every closed object accepts every field Kubernetes defines for it
 * (checked against kubernetes-types, which is generated from Kubernetes' published OpenAPI).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { schemaRegistry, schemasDir, SchemaRegistry } from '../../src/schema/registry.js';
import rule from '../../rules/manifest-schema.js';

const dir = schemasDir();
const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as { shared: string[]; kinds: { kind: string; apiVersions: string[]; schema: string }[] };
const load = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;

describe('schemas/', () => {
  it('every schema file is listed in index.json', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json' && f !== 'headless-lint.config.schema.json').sort();
    const listed = [...new Set([...index.shared, ...index.kinds.map((k) => k.schema)])].sort();
    expect(files).toEqual(listed);
  });

  for (const entry of index.kinds) {
    it(`${entry.schema} compiles for ${entry.kind} (${entry.apiVersions.join(', ')})`, () => {
      const registry = new SchemaRegistry(true);
      for (const apiVersion of entry.apiVersions) expect(registry.validator(apiVersion, entry.kind)).toBeTypeOf('function');
      expect(registry.validator('example.com/v1', entry.kind)).toBeUndefined();
    });
  }

  it('compiles each schema once per process', () => {
    const registry = schemaRegistry();
    expect(registry.validator('v1', 'Service')).toBe(registry.validator('v1', 'Service'));
  });

  it('examples/healthy-mesh passes every schema', () => {
    const { result } = lint({ paths: ['.'], cwd: path.resolve(__dirname, '../../examples/healthy-mesh'), rules: [rule] });
    expect(result.findings).toEqual([]);
    expect(result.summary.resources).toBeGreaterThan(0);
  });
});

// Closed objects (additionalProperties: false) and the Kubernetes type each one models.
const CLOSED: [schemaPointer: string, typesFile: string, typeName: string][] = [
  ['k8s-common.json#/definitions/ObjectMeta', 'meta/v1.d.ts', 'ObjectMeta'],
  ['k8s-common.json#/definitions/LabelSelector', 'meta/v1.d.ts', 'LabelSelector'],
  ['k8s-common.json#/definitions/LabelSelectorRequirement', 'meta/v1.d.ts', 'LabelSelectorRequirement'],
  ...['PodTemplateSpec', 'PodSpec', 'PodDNSConfig', 'Container', 'ContainerPort', 'EnvVar', 'EnvVarSource', 'EnvFromSource', 'ResourceRequirements', 'VolumeMount', 'HTTPGetAction', 'TCPSocketAction', 'ExecAction', 'Probe', 'LifecycleHandler', 'Lifecycle', 'SecurityContext', 'PodSecurityContext', 'KeyToPath', 'Volume', 'ObjectReference', 'EndpointAddress'].map(
    (t): [string, string, string] => [`k8s-common.json#/definitions/${t}`, 'core/v1.d.ts', t],
  ),
  ['service.json#/properties/spec', 'core/v1.d.ts', 'ServiceSpec'],
  ['service.json#/properties/spec/properties/ports/items', 'core/v1.d.ts', 'ServicePort'],
  ['replicationcontroller.json#/properties/spec', 'core/v1.d.ts', 'ReplicationControllerSpec'],
  ['namespace.json#/properties/spec', 'core/v1.d.ts', 'NamespaceSpec'],
  ['configmap.json', 'core/v1.d.ts', 'ConfigMap'],
  ['endpoints.json', 'core/v1.d.ts', 'Endpoints'],
  ['deployment.json#/properties/spec', 'apps/v1.d.ts', 'DeploymentSpec'],
  ['statefulset.json#/properties/spec', 'apps/v1.d.ts', 'StatefulSetSpec'],
  ['daemonset.json#/properties/spec', 'apps/v1.d.ts', 'DaemonSetSpec'],
  ['replicaset.json#/properties/spec', 'apps/v1.d.ts', 'ReplicaSetSpec'],
  ['job.json#/properties/spec', 'batch/v1.d.ts', 'JobSpec'],
  ['cronjob.json#/properties/spec', 'batch/v1.d.ts', 'CronJobSpec'],
  ['networkpolicy.json#/properties/spec', 'networking/v1.d.ts', 'NetworkPolicySpec'],
  ['endpointslice.json', 'discovery/v1.d.ts', 'EndpointSlice'],
];

const typesRoot = path.dirname(createRequire(import.meta.url).resolve('kubernetes-types/package.json'));

function typeFields(file: string, name: string): string[] {
  const text = readFileSync(path.join(typesRoot, file), 'utf8');
  const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1];
  if (!body) throw new Error(`${name} not found in kubernetes-types/${file}`);
  return [...body.matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1] as string);
}

function resolve(pointer: string): Record<string, unknown> {
  const [file, fragment = ''] = pointer.split('#');
  let node: unknown = load(file as string);
  for (const seg of fragment.split('/').filter(Boolean)) node = (node as Record<string, unknown>)[seg];
  return node as Record<string, unknown>;
}

describe('closed objects accept every field of the Kubernetes type they model (kubernetes-types)', () => {
  for (const [pointer, file, name] of CLOSED) {
    it(`${pointer} ⊇ ${name}`, () => {
      const schema = resolve(pointer);
      expect(schema.additionalProperties).toBe(false);
      const ours = Object.keys(schema.properties as object);
      const fields = typeFields(file, name);
      expect(fields.length).toBeGreaterThan(0);
      const missing = fields.filter((f) => !ours.includes(f));
      expect(missing).toEqual([]);
    });
  }
});
