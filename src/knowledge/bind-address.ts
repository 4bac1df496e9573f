/**
 * Which address a catalogued server listens on, from the settings its catalogue entry names
 * (knowledge/systems/*.yaml `bindSettings`): an address, a listener or URL list, or a literal
 * the entry maps (ZooKeeper's quorumListenOnAllIPs). A value that names a host by name, or
 * anything else this cannot place, gives no answer rather than a guess.
 */
import { findSetting, type FoundSetting } from './port-settings.js';
import type { BindKind, BindSetting, SystemEntry } from './systems.js';
import type { WorkloadInputs } from './workload-inputs.js';

export interface ResolvedBind {
  setting: BindSetting;
  /** every kind of address the value lists (a list may hold several) */
  kinds: BindKind[];
  /** where the manifests set it; absent when the catalogue's default applies */
  found?: FoundSetting<BindKind[]>;
}

const ALL = /^(?:0\.0\.0\.0|0|::|\[::\]|\*|_global_)$/;
const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|::1|\[::1\]|_local_)$/i;
// The pod's own address as manifests give it: the downward API variable, Elasticsearch's
// _site_, a shell lookup of the own address, a literal private IPv4 address.
const POD_IP = /^(?:\$\(POD_IP\)|\$\{POD_IP\}|\$POD_IP|\$\(MY_POD_IP\)|\$\{MY_POD_IP\}|_site_|\$\(hostname -i\)|`hostname -i`|(?:10|172|192)(?:\.\d{1,3}){3})$/i;

function kindOfHost(host: string): BindKind | undefined {
  const h = host.trim().replace(/^["']|["']$/g, '');
  if (h === '' || ALL.test(h)) return 'all';
  if (LOOPBACK.test(h)) return 'localhost';
  if (POD_IP.test(h)) return 'pod-ip';
  return undefined;
}

/** The host of `scheme://host:port`, `host:port` or a bare host. */
function hostOf(entry: string): string {
  const noScheme = entry.trim().replace(/^[A-Za-z][\w+.-]*:\/\//, '');
  const bracketed = /^(\[[^\]]*\])(?::\d+)?\/?$/.exec(noScheme);
  if (bracketed) return bracketed[1] as string;
  const colon = noScheme.lastIndexOf(':');
  const host = colon > -1 && /^\d+\/?$/.test(noScheme.slice(colon + 1)) ? noScheme.slice(0, colon) : noScheme;
  return host.replace(/\/$/, '');
}

function readKinds(setting: BindSetting): (raw: string) => BindKind[] | undefined {
  return (raw) => {
    const literal = setting.values?.[raw.trim().replace(/^["']|["']$/g, '')];
    if (literal) return [literal];
    const kinds = raw.split(',').filter((e) => e.trim() !== '').map((e) => kindOfHost(hostOf(e)));
    if (kinds.length === 0 || kinds.some((k) => k === undefined)) return undefined;
    return [...new Set(kinds as BindKind[])];
  };
}

/** Each bind setting of the system with what it binds, where the manifests or the catalogue's default tell. */
export function resolveBinds(system: SystemEntry, inputs: WorkloadInputs): ResolvedBind[] {
  const out: ResolvedBind[] = [];
  for (const setting of system.bindSettings ?? []) {
    const found = findSetting(setting.read, inputs, readKinds(setting));
    if (found) out.push({ setting, kinds: found.value, found });
    else if (setting.binds) out.push({ setting, kinds: [setting.binds] });
  }
  return out;
}
