/**
 * The port a system really uses where its catalogue entry says a setting can move it: a flag in
 * command or args (`--port 7000`, `--port=7000`, `-Djgroups.bind.port=7801` inside JAVA_OPTS),
 * an env var, or a key of a config file in a ConfigMap the pods load. A listener list
 * (`CONTROLLER://:9093`, `http://0.0.0.0:2380`) yields the port of the named listener.
 */
import type { Path } from '../load/parser.js';
import type { Resource } from '../load/resource.js';
import { configSetting } from './config-text.js';
import type { SettingRef, SystemPort } from './systems.js';
import type { WorkloadInputs } from './workload-inputs.js';

export type SettingSource = 'catalogue' | 'env' | 'args' | 'configmap';

export interface ResolvedPort {
  number: number;
  source: SettingSource;
  resource?: Resource;
  path?: Path;
  text: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function portOf(value: string, listener?: string): number | undefined {
  let text = value.trim();
  // A setting that takes a listener URL in one place may take a bare number in another (NATS --cluster vs cluster.port).
  if (listener && !/^\d+$/.test(text)) {
    const m = new RegExp(`(?:^|[,\\s])(?:${listener})://[^,\\s]*:(\\d+)`, 'i').exec(text);
    if (!m) return undefined;
    text = m[m.length - 1] ?? '';
  }
  // host:port (0.0.0.0:8008, [::]:8201) gives its port.
  const hostPort = /^[\w.\-[\]:]*:(\d{1,5})$/.exec(text);
  if (hostPort) text = hostPort[1] ?? '';
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** The value a flag has in one word list: `--x v`, `--x=v`, or either inside a shell script or JAVA_OPTS. */
function flagValue(words: readonly { text: string }[], flag: string): { index: number; value: string } | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]?.text ?? '';
    if (word === flag && i + 1 < words.length) return { index: i, value: words[i + 1]?.text ?? '' };
    if (word.startsWith(`${flag}=`)) return { index: i, value: word.slice(flag.length + 1) };
    const inline = new RegExp(`(?:^|\\s)${escape(flag)}(?:=|\\s+)["']?([^\\s"']+)`).exec(word);
    if (inline) return { index: i, value: inline[1] ?? '' };
  }
  return undefined;
}

/** A setting found in the manifests, read by `read`; the first place that gives a readable value wins. */
export interface FoundSetting<T> {
  value: T;
  source: SettingSource;
  resource?: Resource;
  path?: Path;
  text: string;
}

export function findSetting<T>(setting: SettingRef | undefined, inputs: WorkloadInputs, read: (raw: string) => T | undefined): FoundSetting<T> | undefined {
  if (!setting) return undefined;
  for (const flag of setting.args ?? []) {
    const hit = flagValue(inputs.args, flag);
    const value = hit && read(hit.value);
    if (hit && value !== undefined) {
      const word = inputs.args[hit.index];
      return { value, source: 'args', resource: word?.resource, path: word?.path, text: `${flag} ${hit.value}` };
    }
    // JVM system properties are often passed in an env var (JAVA_OPTS, JAVA_OPTS_APPEND).
    if (flag.startsWith('-D')) {
      for (const env of inputs.env) {
        const inEnv = flagValue([{ text: ` ${env.text}` }], flag);
        const v = inEnv && read(inEnv.value);
        if (inEnv && v !== undefined) return { value: v, source: 'env', resource: env.resource, path: env.path, text: `${env.name}: ${flag}=${inEnv.value}` };
      }
    }
  }
  for (const name of setting.env ?? []) {
    const env = inputs.env.find((e) => e.name === name);
    const value = env && read(env.text);
    if (env && value !== undefined) return { value, source: 'env', resource: env.resource, path: env.path, text: `${name}=${env.text}` };
  }
  for (const key of setting.configKeys ?? []) {
    for (const file of inputs.configFiles) {
      const found = configSetting(file.text, key);
      const value = found && read(found.value);
      if (found && value !== undefined) return { value, source: 'configmap', resource: file.resource, path: file.path, text: `${file.key}: ${found.text}` };
    }
  }
  return undefined;
}

export function resolveSetting(setting: SettingRef | undefined, inputs: WorkloadInputs): ResolvedPort | undefined {
  const found = findSetting(setting, inputs, (raw) => portOf(raw, setting?.listener));
  if (!found) return undefined;
  const { value, ...rest } = found;
  return { number: value, ...rest };
}

/** Every port of a list resolved: settings first, then derivations (bus = client + 10000), then the catalogue's number. */
export function resolvePorts(ports: readonly SystemPort[], inputs: WorkloadInputs): Map<string, ResolvedPort> {
  const out = new Map<string, ResolvedPort>();
  const resolve = (port: SystemPort, depth: number): ResolvedPort | undefined => {
    const known = out.get(port.name);
    if (known) return known;
    let resolved = resolveSetting(port.setting, inputs);
    if (!resolved && port.derivedFrom && depth < 4) {
      const from = ports.find((p) => p.name === port.derivedFrom?.port);
      const base = from && resolve(from, depth + 1);
      if (base) {
        const sign = port.derivedFrom.offset >= 0 ? '+' : '-';
        const text = `${port.derivedFrom.port} port ${base.number} ${sign} ${Math.abs(port.derivedFrom.offset)}${base.source === 'catalogue' ? '' : ` (${base.text})`}`;
        resolved = { ...base, number: base.number + port.derivedFrom.offset, text };
      }
    }
    if (!resolved && port.number !== undefined) resolved = { number: port.number, source: 'catalogue', text: `${port.name} port ${port.number}` };
    if (resolved) out.set(port.name, resolved);
    return resolved;
  };
  for (const port of ports) resolve(port, 0);
  return out;
}
