/**
 * Decides whether traffic between two ends is allowed by the NetworkPolicies of the input, and
 * keeps the evidence (which policies isolate each side, which rules allow) for explanations.
 *
 * Semantics (kubernetes.io/docs/concepts/services-networking/network-policies/ and the field
 * comments of networking/v1 types.go): a pod is isolated in a direction when some policy that
 * selects it has that policy type; an isolated direction allows the union of the matching rules
 * of those policies; pod-to-pod traffic needs the source's egress and the destination's ingress.
 *
 * What manifests cannot tell is kept apart as "uncertain": ipBlocks against pod or node addresses
 * (network plugins differ) and selectors against hostNetwork pods (the docs leave it undefined).
 *
 * Cost: pods are indexed by namespace and label, policies by the pods they select, so one verdict
 * only looks at the policies of its two ends; `operations` counts the work for complexity tests.
 */
import type { Workload } from '../model/workload.js';
import { fromMap, matches, type Labels, type LabelSelector } from '../model/selector.js';
import type { Resource } from '../load/resource.js';
import { overlap, POD_ADDRESS_SPACE, type AddressRange } from './cidr.js';
import { readPolicy, type Direction, type Peer, type Policy, type PolicyPort, type PolicyRule } from './policy.js';
import { API_SERVER, assumedDns, assumedIstiod, fromWorkload, type PodGroup } from './pods.js';
import { PortSet, type Protocol } from './ports.js';

/** Pods of a workload, addresses outside the cluster, or the node a pod runs on (kubelet probes). */
export type Endpoint = { kind: 'pods'; group: PodGroup } | { kind: 'cidr'; range: AddressRange; text: string } | { kind: 'node' };

export type Certainty = 'yes' | 'maybe' | 'no';

export interface RuleMatch {
  rule: PolicyRule;
  certain: boolean;
  /** the peer that matched; absent when the rule has no from/to (everything) */
  peer?: Peer;
  /** ports of the queried protocol the rule allows towards this destination */
  ports: PortSet;
  /** why the match is uncertain */
  doubt?: string;
}

export interface SideVerdict {
  direction: Direction;
  /** the pods whose policies decide this side; absent for an address outside the cluster */
  subject?: PodGroup;
  isolated: boolean;
  isolatedBy: Policy[];
  /** rules whose peers match (or may match) the other end */
  matches: RuleMatch[];
  /** rules of the isolating policies that were looked at */
  rulesConsidered: number;
  allowed: PortSet;
  /** ports only uncertain matches allow */
  uncertain: PortSet;
  notes: string[];
}

export type Allowed = true | false | 'partial' | 'unknown';

export interface Verdict {
  from: Endpoint;
  to: Endpoint;
  protocol: Protocol;
  port?: number;
  allowed: Allowed;
  allowedPorts: PortSet;
  unknownPorts: PortSet;
  egress: SideVerdict;
  ingress: SideVerdict;
}

export interface IstiodPods {
  group: PodGroup;
  revision: string;
}

export interface EvaluatorInput {
  workloads: readonly Workload[];
  policies: readonly Resource[];
  namespaceLabels(namespace: string): Labels;
  dnsNamespace: string;
  dnsPodLabels: Labels;
  istioRootNamespace: string;
  istiods: readonly { workload: Workload; revision: string }[];
}

const RANK: Record<Certainty, number> = { no: 0, maybe: 1, yes: 2 };

export class NetpolEvaluator {
  /** selector and peer checks done so far; grows linearly with the input for a linear workload */
  operations = 0;
  readonly groups: PodGroup[] = [];
  readonly policies: Policy[];
  readonly dnsPods: PodGroup[];
  readonly istiodPods: IstiodPods[];
  /** the API server as a source (of webhook calls): the input's static pod, or assumed */
  readonly apiServer: PodGroup;
  private readonly byNamespace = new Map<string, PodGroup[]>();
  private readonly byLabel = new Map<string, PodGroup[]>();
  private readonly byWorkload = new Map<Workload, PodGroup>();
  private readonly isolating = new Map<PodGroup, Record<Direction, Policy[]>>();
  private readonly rulePorts = new Map<PolicyRule, Partial<Record<Protocol, PortSet>>>();

  constructor(private readonly input: EvaluatorInput) {
    for (const w of input.workloads) {
      const group = fromWorkload(w);
      this.byWorkload.set(w, group);
      this.add(group);
    }
    const dnsSelector = fromMap(input.dnsPodLabels);
    const dns = this.podsMatching(input.dnsNamespace, dnsSelector);
    this.dnsPods = dns.length > 0 ? dns : [this.add(assumedDns(input.dnsNamespace, input.dnsPodLabels))];
    this.istiodPods =
      input.istiods.length > 0
        ? input.istiods.map((i) => ({ group: this.byWorkload.get(i.workload) ?? fromWorkload(i.workload), revision: i.revision }))
        : [{ group: this.add(assumedIstiod(input.istioRootNamespace)), revision: 'default' }];
    this.apiServer = this.find(API_SERVER.namespace, API_SERVER.name)[0] ?? this.add({ ...API_SERVER });
    this.policies = input.policies.map(readPolicy);
    for (const policy of this.policies) {
      for (const group of this.podsMatching(policy.namespace, policy.podSelector)) {
        if (group.hostNetwork) continue;
        let entry = this.isolating.get(group);
        if (!entry) this.isolating.set(group, (entry = { ingress: [], egress: [] }));
        if (policy.isolates.ingress) entry.ingress.push(policy);
        if (policy.isolates.egress) entry.egress.push(policy);
      }
    }
  }

  private add(group: PodGroup): PodGroup {
    this.groups.push(group);
    push(this.byNamespace, group.namespace, group);
    for (const [k, v] of Object.entries(group.labels)) push(this.byLabel, labelKey(group.namespace, k, v), group);
    return group;
  }

  /** Pod groups of one namespace a selector picks, through the label index when it can. */
  podsMatching(namespace: string, selector: LabelSelector): PodGroup[] {
    const equality = selector.requirements.find((r) => r.operator === 'In' && r.values.length === 1);
    const candidates = equality ? (this.byLabel.get(labelKey(namespace, equality.key, equality.values[0] as string)) ?? []) : (this.byNamespace.get(namespace) ?? []);
    this.operations += candidates.length;
    return candidates.filter((g) => matches(selector, g.labels));
  }

  groupOf(workload: Workload): PodGroup | undefined {
    return this.byWorkload.get(workload);
  }

  /** Pod groups named NAME in a namespace (a workload, a Pod, or an assumed component). */
  find(namespace: string, name: string): PodGroup[] {
    return (this.byNamespace.get(namespace) ?? []).filter((g) => g.name === name);
  }

  /** The policies that isolate a group in a direction (hostNetwork pods are never selected). */
  isolatedBy(group: PodGroup, direction: Direction): Policy[] {
    return this.isolating.get(group)?.[direction] ?? [];
  }


  evaluate(from: Endpoint, to: Endpoint, protocol: Protocol, port?: number): Verdict {
    if (from.kind === 'node' || to.kind === 'node') return this.nodeVerdict(from, to, protocol, port);
    const dest = to.kind === 'pods' ? to.group : undefined;
    const egress = this.side('egress', from.kind === 'pods' ? from.group : undefined, to, dest, protocol);
    const ingress = this.side('ingress', dest, from, dest, protocol);
    const allowedPorts = egress.allowed.intersect(ingress.allowed);
    const possible = egress.allowed.union(egress.uncertain).intersect(ingress.allowed.union(ingress.uncertain));
    const unknownPorts = possible.minus(allowedPorts);
    let allowed: Allowed;
    if (port !== undefined) allowed = allowedPorts.has(port) ? true : unknownPorts.has(port) ? 'unknown' : false;
    else if (allowedPorts.isAll) allowed = true;
    else if (possible.isEmpty) allowed = false;
    else allowed = unknownPorts.isEmpty ? 'partial' : 'unknown';
    return { from, to, protocol, port, allowed, allowedPorts, unknownPorts, egress, ingress };
  }

  /** Traffic between a pod and the node it runs on is always allowed, whatever the policies say. */
  private nodeVerdict(from: Endpoint, to: Endpoint, protocol: Protocol, port?: number): Verdict {
    const open = (direction: Direction, end: Endpoint): SideVerdict => ({
      direction,
      subject: end.kind === 'pods' ? end.group : undefined,
      isolated: false,
      isolatedBy: [],
      matches: [],
      rulesConsidered: 0,
      allowed: PortSet.ALL,
      uncertain: PortSet.EMPTY,
      notes: ["traffic between a pod and its own node (kubelet probes, for example) is always allowed, whatever the policies say"],
    });
    return { from, to, protocol, port, allowed: true, allowedPorts: PortSet.ALL, unknownPorts: PortSet.EMPTY, egress: open('egress', from), ingress: open('ingress', to) };
  }

  private side(direction: Direction, subject: PodGroup | undefined, other: Endpoint, dest: PodGroup | undefined, protocol: Protocol): SideVerdict {
    const verdict: SideVerdict = { direction, subject, isolated: false, isolatedBy: [], matches: [], rulesConsidered: 0, allowed: PortSet.ALL, uncertain: PortSet.EMPTY, notes: [] };
    if (!subject) {
      verdict.notes.push('an address outside the cluster: no NetworkPolicy applies on this side');
      return verdict;
    }
    if (subject.hostNetwork) {
      verdict.notes.push(`${subject.name} uses the host network: podSelectors never select it, so its own policies do not apply`);
      return verdict;
    }
    const policies = this.isolatedBy(subject, direction);
    if (policies.length === 0) return verdict;
    verdict.isolated = true;
    verdict.isolatedBy = policies;
    let allowed = PortSet.EMPTY;
    let uncertain = PortSet.EMPTY;
    for (const policy of policies) {
      for (const rule of policy.rules[direction]) {
        verdict.rulesConsidered++;
        const peer = this.matchPeers(rule, other);
        if (peer.certainty === 'no') continue;
        const ports = this.portsOf(rule, dest, protocol);
        const certain = peer.certainty === 'yes';
        verdict.matches.push({ rule, certain, peer: peer.peer, ports, doubt: peer.doubt });
        if (certain) allowed = allowed.union(ports);
        else uncertain = uncertain.union(ports);
      }
    }
    verdict.allowed = allowed;
    verdict.uncertain = uncertain.minus(allowed);
    return verdict;
  }

  private matchPeers(rule: PolicyRule, other: Endpoint): { certainty: Certainty; peer?: Peer; doubt?: string } {
    if (rule.peers === null) return { certainty: 'yes' };
    let best: { certainty: Certainty; peer?: Peer; doubt?: string } = { certainty: 'no' };
    for (const peer of rule.peers) {
      const m = this.matchPeer(peer, other, rule.policy.namespace);
      if (RANK[m.certainty] > RANK[best.certainty]) best = { ...m, peer };
      if (best.certainty === 'yes') break;
    }
    return best;
  }

  private matchPeer(peer: Peer, other: Endpoint, policyNamespace: string): { certainty: Certainty; doubt?: string } {
    this.operations++;
    if (peer.kind === 'invalid') return { certainty: 'no' };
    // Node traffic never reaches here (evaluate() answers it); a node address is not a pod address.
    if (other.kind === 'node') return { certainty: 'no' };
    if (peer.kind === 'selector') {
      if (other.kind !== 'pods') return { certainty: 'no' };
      const g = other.group;
      const nsOk = peer.namespaceSelector ? matches(peer.namespaceSelector, this.input.namespaceLabels(g.namespace)) : g.namespace === policyNamespace;
      if (!nsOk || (peer.podSelector && !matches(peer.podSelector, g.labels))) return { certainty: 'no' };
      if (g.hostNetwork) return { certainty: 'maybe', doubt: `${g.name} uses the host network; whether selectors match its traffic depends on the network plugin` };
      return { certainty: 'yes' };
    }
    if (other.kind === 'cidr') {
      const o = overlap(other.range, peer.cidr, peer.except);
      if (o === 'all') return { certainty: 'yes' };
      if (o === 'none') return { certainty: 'no' };
      return { certainty: 'maybe', doubt: `ipBlock ${peer.text} covers only part of ${other.text}` };
    }
    if (POD_ADDRESS_SPACE.some((space) => overlap(space, peer.cidr, peer.except) !== 'none')) {
      const what = other.group.hostNetwork ? 'node addresses' : 'pod addresses';
      return { certainty: 'maybe', doubt: `ipBlock ${peer.text} may contain ${what}; whether an ipBlock matches traffic of ${other.group.hostNetwork ? 'host-network' : ''}${other.group.hostNetwork ? ' ' : ''}pods depends on the network plugin` };
    }
    return { certainty: 'no' };
  }

  private portsOf(rule: PolicyRule, dest: PodGroup | undefined, protocol: Protocol): PortSet {
    if (rule.ports === null) return PortSet.ALL;
    // Only named ports depend on the destination; the rest is the same for every pair of ends.
    if (rule.ports.some((p) => p.name !== undefined)) return portsFor(rule.ports, dest, protocol);
    let perProtocol = this.rulePorts.get(rule);
    if (!perProtocol) this.rulePorts.set(rule, (perProtocol = {}));
    return (perProtocol[protocol] ??= portsFor(rule.ports, dest, protocol));
  }
}

function portsFor(ports: readonly PolicyPort[], dest: PodGroup | undefined, protocol: Protocol): PortSet {
  let set = PortSet.EMPTY;
  for (const p of ports) {
    if (p.protocol !== protocol) continue;
    if (p.name !== undefined) {
      // Resolved on the destination pod, by name and protocol; an external address has no names.
      const hit = dest?.ports.find((c) => c.name === p.name && c.protocol === protocol);
      if (hit) set = set.union(PortSet.of(hit.port));
    } else if (p.port === undefined) set = PortSet.ALL;
    else set = set.union(p.endPort !== undefined ? PortSet.range(p.port, p.endPort) : PortSet.of(p.port));
  }
  return set;
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
