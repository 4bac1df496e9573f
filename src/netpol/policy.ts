/**
 * NetworkPolicy objects read into the shape the evaluator needs, with the API server's
 * defaults applied (kubernetes/kubernetes pkg/apis/networking/v1/defaults.go):
 * policyTypes defaults to [Ingress], plus Egress when `egress` has at least one rule;
 * a port's protocol defaults to TCP.
 */
import type { Path } from '../load/parser.js';
import { asArray, asObj, asString, hasOwn, type Resource } from '../load/resource.js';
import { fromLabelSelector, type LabelSelector } from '../model/selector.js';
import { parseCidr, type AddressRange } from './cidr.js';
import { asProtocol, type Protocol } from './ports.js';

export type Direction = 'ingress' | 'egress';

export interface PolicyPort {
  index: number;
  /** undefined for a protocol Kubernetes does not accept: the entry matches nothing */
  protocol: Protocol | undefined;
  /** absent `port`: every port of the protocol */
  port?: number;
  /** a named port, resolved against the destination pod's container ports */
  name?: string;
  endPort?: number;
}

export type Peer =
  | { index: number; kind: 'selector'; podSelector?: LabelSelector; namespaceSelector?: LabelSelector }
  | { index: number; kind: 'ipBlock'; cidr: AddressRange; except: AddressRange[]; text: string }
  /** a peer the API server would reject (no field set, ipBlock mixed with a selector, bad CIDR): matches nothing */
  | { index: number; kind: 'invalid'; reason: string };

export interface PolicyRule {
  policy: Policy;
  direction: Direction;
  index: number;
  /** null: `from`/`to` absent or empty, every source or destination (pods and external addresses) */
  peers: Peer[] | null;
  /** null: `ports` absent or empty, every port of every protocol */
  ports: PolicyPort[] | null;
}

export interface Policy {
  resource: Resource;
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  /** effective policyTypes */
  isolates: Record<Direction, boolean>;
  rules: Record<Direction, PolicyRule[]>;
}

export function policyDisplay(policy: Policy): string {
  return `NetworkPolicy ${policy.namespace}/${policy.name}`;
}

export function rulePath(rule: PolicyRule): Path {
  return ['spec', rule.direction, rule.index];
}

export function peerPath(rule: PolicyRule, peer: Peer): Path {
  return [...rulePath(rule), rule.direction === 'ingress' ? 'from' : 'to', peer.index];
}

export function readPolicy(resource: Resource): Policy {
  const spec = resource.spec;
  const types = asArray(spec.policyTypes);
  const egressList = asArray(spec.egress);
  const isolates: Record<Direction, boolean> =
    types.length > 0 ? { ingress: types.includes('Ingress'), egress: types.includes('Egress') } : { ingress: true, egress: egressList.length > 0 };
  const policy: Policy = {
    resource,
    namespace: resource.namespace,
    name: resource.name,
    podSelector: fromLabelSelector(spec.podSelector),
    isolates,
    rules: { ingress: [], egress: [] },
  };
  for (const direction of ['ingress', 'egress'] as const) {
    asArray(spec[direction]).forEach((raw, index) => {
      const rule = asObj(raw) ?? {};
      const peersRaw = asArray(rule[direction === 'ingress' ? 'from' : 'to']);
      const portsRaw = asArray(rule.ports);
      policy.rules[direction].push({
        policy,
        direction,
        index,
        peers: peersRaw.length === 0 ? null : peersRaw.map(readPeer),
        ports: portsRaw.length === 0 ? null : portsRaw.map(readPort),
      });
    });
  }
  return policy;
}

function readPeer(raw: unknown, index: number): Peer {
  const peer = asObj(raw) ?? {};
  const has = (k: string) => hasOwn(peer, k) && peer[k] !== null && peer[k] !== undefined;
  if (has('ipBlock')) {
    if (has('podSelector') || has('namespaceSelector')) return { index, kind: 'invalid', reason: 'an ipBlock cannot share a peer with a selector' };
    const block = asObj(peer.ipBlock);
    const text = asString(block?.cidr) ?? '';
    const cidr = parseCidr(text);
    if (!cidr) return { index, kind: 'invalid', reason: `ipBlock cidr "${text}" is not a CIDR` };
    const except: AddressRange[] = [];
    for (const e of asArray(block?.except)) {
      const range = typeof e === 'string' ? parseCidr(e) : undefined;
      if (!range) return { index, kind: 'invalid', reason: `ipBlock except ${typeof e === "string" ? `"${e}"` : "entry"} is not a CIDR` };
      except.push(range);
    }
    return { index, kind: 'ipBlock', cidr, except, text: except.length > 0 ? `${text} except ${asArray(block?.except).join(', ')}` : text };
  }
  if (!has('podSelector') && !has('namespaceSelector')) return { index, kind: 'invalid', reason: 'a peer must set podSelector, namespaceSelector or ipBlock' };
  return {
    index,
    kind: 'selector',
    podSelector: has('podSelector') ? fromLabelSelector(peer.podSelector) : undefined,
    namespaceSelector: has('namespaceSelector') ? fromLabelSelector(peer.namespaceSelector) : undefined,
  };
}

function readPort(raw: unknown, index: number): PolicyPort {
  const entry = asObj(raw) ?? {};
  const protocol = entry.protocol === undefined || entry.protocol === null ? 'TCP' : asProtocol(entry.protocol);
  const out: PolicyPort = { index, protocol };
  if (typeof entry.port === 'number') out.port = entry.port;
  // A string is an IntOrString name; a digits-only name is invalid and, like any unknown name, matches no container port.
  else if (typeof entry.port === 'string') out.name = entry.port;
  if (typeof entry.endPort === 'number' && out.port !== undefined) out.endPort = entry.endPort;
  return out;
}
