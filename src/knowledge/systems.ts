/**
 * The catalogue of clustered systems (knowledge/systems/*.yaml, one file per system, validated
 * by schemas/knowledge/system.schema.json): how to recognise each, the ports its replicas dial,
 * how they address each other, what they bind and what their own docs say about Istio.
 * Read on first use only (as the JSON the build writes, see data-file.ts); the schema is compiled
 * only by `validateSystemFile` (the catalogue's tests), so start-up pays nothing for it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../util/package-info.js';
import { readKnowledgeFile } from './data-file.js';

export type PortRole = 'client' | 'peer' | 'gossip' | 'election' | 'replication' | 'admin' | 'metrics';
export type PeerAddressing = 'pod-ip' | 'per-pod-name' | 'service-name';

/** Where a value can be set: env var names, command-line flags, keys of a config file. */
export interface SettingRef {
  env?: string[];
  /** flags as written (`--port`, `-Djgroups.bind.port`); `--x v` and `--x=v` both count */
  args?: string[];
  /** keys of a config file in a mounted or loaded ConfigMap; dotted keys also walk YAML */
  configKeys?: string[];
  /** the value is a listener list (`NAME://host:port,...`): take this listener's port */
  listener?: string;
}

/** What a server listens on: all interfaces, the pod's own address only, or loopback only. */
export type BindKind = 'all' | 'pod-ip' | 'localhost';

export interface BindSetting {
  setting: string;
  /** what the server binds when the setting is absent, in words */
  default: string;
  note?: string;
  /** where the manifests set it */
  read?: SettingRef;
  /** what the default binds, where the images and charts keep it; absent: only a value the manifests set is judged */
  binds?: BindKind;
  /** what a literal value binds, for settings that are no address */
  values?: Record<string, BindKind>;
  source?: string;
}

export interface SystemPort {
  name: string;
  number?: number;
  /** a port computed from another of the same entry (Redis bus = client + 10000) */
  derivedFrom?: { port: string; offset: number };
  role: PortRole;
  /** true when replicas dial each other on it although its role is client (Redis replication) */
  peer?: boolean;
  protocol: string;
  serverFirst: boolean;
  /** settings that change the number */
  setting?: SettingRef;
  note?: string;
}

/** Evidence that names the system (or one of its modes). Patterns are regular expressions. */
export interface Recognise {
  /** the image's repository name: after the last `/`, before tag and digest */
  images?: string[];
  /** env var names; `NAME=VALUE` also matches the value */
  env?: string[];
  /** args or command words */
  args?: string[];
  /** keys of a config file in a ConfigMap the pods load; `key=value` also matches the value */
  configKeys?: string[];
  /** pod labels set by the operator or chart that creates the pods: key, and a value pattern */
  labels?: { key: string; value?: string }[];
  /** container ports only this system uses */
  ports?: number[];
}

export interface SystemMode {
  id: string;
  name: string;
  /** the mode the system runs in when no evidence names one */
  default?: boolean;
  recognise?: Recognise;
  ports?: SystemPort[];
  peerAddressing?: PeerAddressingEntry;
  needsNotReadyPeers?: NeedsNotReadyPeers;
  note?: string;
}

export interface PeerAddressingEntry {
  default: PeerAddressing;
  /** the setting that says which address a replica announces */
  setting?: string;
  /** evidence that switches the addressing */
  overrides?: { value: PeerAddressing; when: Recognise }[];
}

export interface NeedsNotReadyPeers {
  value: boolean;
  /** what fails for this system when peers cannot see each other before ready */
  failure: string;
}

export interface SystemEntry {
  id: string;
  name: string;
  sources: string[];
  recognise: Recognise;
  /** only a mode's evidence names the system: the image also runs standalone (plain Redis) */
  needsMode?: boolean;
  modes?: SystemMode[];
  ports: SystemPort[];
  peerAddressing: PeerAddressingEntry;
  bindSettings?: BindSetting[];
  needsNotReadyPeers: NeedsNotReadyPeers;
  istio?: { recommendation: string; source: string }[];
  initPeerDialing?: { chart: string; container: string; dials: string; source?: string }[];
}

const DIR = ['knowledge', 'systems'];

let loaded: SystemEntry[] | undefined;

export function systemFiles(): string[] {
  const dir = path.join(packageRoot(), ...DIR);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Every catalogue entry, read once per process on first use. */
export function systems(): readonly SystemEntry[] {
  loaded ??= systemFiles().map((file) => readKnowledgeFile(`systems/${path.basename(file, '.yaml')}`) as SystemEntry);
  return loaded;
}

/** The catalogue as an array, read on first access of any element. */
export const SYSTEMS: readonly SystemEntry[] = new Proxy([] as SystemEntry[], {
  get: (_t, key) => Reflect.get(systems(), key),
  has: (_t, key) => Reflect.has(systems(), key),
  ownKeys: () => Reflect.ownKeys(systems()),
  getOwnPropertyDescriptor: (_t, key) => Reflect.getOwnPropertyDescriptor(systems(), key),
});

export function systemById(id: string): SystemEntry | undefined {
  return systems().find((s) => s.id === id);
}

/** The ports of a system in a mode: the entry's, then the mode's (a mode's port replaces one of the same name). */
export function portsOf(system: SystemEntry, mode?: string): SystemPort[] {
  const extra = system.modes?.find((m) => m.id === mode)?.ports ?? [];
  return [...system.ports.filter((p) => !extra.some((e) => e.name === p.name)), ...extra];
}

export function modeOf(system: SystemEntry, mode?: string): SystemMode | undefined {
  return system.modes?.find((m) => m.id === mode);
}

/** Whether replicas dial each other on this port. */
export function isPeerPort(port: SystemPort): boolean {
  return port.peer ?? ['peer', 'gossip', 'election', 'replication'].includes(port.role);
}
