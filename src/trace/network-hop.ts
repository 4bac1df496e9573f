/**
 * Hop 5, network: NetworkPolicy verdicts for the call (the caller's egress and the target's
 * ingress), and for what each end needs besides: cluster DNS on port 53, and istiod on 15012 for
 * every end with a sidecar.
 */
import { facts } from '../facts/index.js';
import type { Analysis } from '../facts/store.js';
import { containerPortOf } from '../facts/headless/service-ports.js';
import type { Workload } from '../model/workload.js';
import type { Verdict } from '../netpol/evaluator.js';
import { matchRef, relevantMatches } from '../netpol/explain.js';
import { peerPath, policyDisplay, rulePath } from '../netpol/policy.js';
import { podGroupDisplay } from '../netpol/pods.js';
import { DNS_PORT, type DnsQuery } from '../facts/network/dns-reachability.js';
import { XDS_PORT } from '../facts/network/istiod-reachability.js';
import { asProtocol } from '../netpol/ports.js';
import { HopBuilder, type HopVerdict } from './model.js';
import type { TraceEnds } from './target.js';

const VERDICT: Record<string, HopVerdict> = { true: 'ok', false: 'broken', partial: 'broken', unknown: 'unknown' };

/** One check per side of a verdict, pointing at the policy that decides it. */
function explain(hop: HopBuilder, v: Verdict, what: string, port: number): void {
  for (const side of [v.egress, v.ingress]) {
    const who = side.subject ? podGroupDisplay(side.subject) : 'the other end';
    for (const p of side.isolatedBy) hop.involve(p.resource);
    if (!side.isolated) {
      hop.ok(`${what}: ${side.direction} of ${who} is not isolated`);
      continue;
    }
    const relevant = relevantMatches(side, port);
    const sure = relevant.find((m) => m.certain);
    if (sure) {
      const ref = matchRef(sure);
      hop.ok(`${what}: ${side.direction} of ${who} allowed by ${policyDisplay(sure.rule.policy)} (rule ${(ref.rule ?? 0) + 1})`, { resource: sure.rule.policy.resource, path: sure.peer ? peerPath(sure.rule, sure.peer) : rulePath(sure.rule) });
    } else if (relevant.length > 0) {
      const m = relevant[0] as (typeof relevant)[number];
      hop.unknown(`${what}: ${side.direction} of ${who} only maybe allowed by ${policyDisplay(m.rule.policy)}: ${m.doubt ?? 'uncertain match'}`, { resource: m.rule.policy.resource, path: m.peer ? peerPath(m.rule, m.peer) : rulePath(m.rule) });
    } else {
      const first = side.isolatedBy[0];
      hop.broken(`${what}: ${side.direction} of ${who} is isolated by ${side.isolatedBy.map(policyDisplay).join(', ')} and no rule allows ${v.protocol} ${port}`, first ? { resource: first.resource, path: ['spec', 'podSelector'] } : undefined);
    }
  }
}

function show(hop: HopBuilder, v: Verdict, port: number, what: string): HopVerdict {
  const before = hop.checks.length;
  explain(hop, v, what, port);
  const verdict = VERDICT[String(v.allowed)] ?? 'unknown';
  // The side checks carry the detail; make sure the overall answer shows even when no side check says so.
  if (verdict !== 'ok' && hop.checks.slice(before).every((c) => c.verdict === 'ok')) hop.add(verdict, `${what}: ${v.allowed}`);
  return verdict;
}

/** The same DNS answer netpol-blocks-dns gives (facts/network/dns-reachability.ts). */
function showDns(hop: HopBuilder, query: DnsQuery, what: string): void {
  if (query.viaAddress) {
    hop.ok(`${what}: allowed to the resolver address ${query.viaAddress.address} (NodeLocal DNSCache or the kube-dns Service IP)`);
    return;
  }
  show(hop, query.toPods, DNS_PORT, what);
}

export function networkHop({ use }: Analysis, ends: TraceEnds): HopBuilder {
  const hop = new HopBuilder('network', 'network: NetworkPolicies, DNS and istiod reachability');
  const evaluator = use(facts.netpol);
  const group = (w: Workload) => evaluator.groupOf(w);
  const caller = group(ends.caller);
  hop.involve(ends.caller.resource, ...ends.targets.map((w) => w.resource));
  if (!caller) return hop.unknown(`${ends.caller.display} has no pod template the evaluator can read`);
  const protocol = asProtocol(ends.servicePort?.transport ?? 'TCP') ?? 'TCP';
  if (ends.port === undefined) hop.unknown('no port: the call itself cannot be checked');
  else if (ends.targets.length === 0 && !ends.builtIn) hop.unknown('no target pods in the input: the call itself cannot be checked');
  for (const target of ends.targets) {
    const to = group(target);
    if (!to || ends.port === undefined) continue;
    const port = ends.servicePort ? (containerPortOf(ends.servicePort, target) ?? ends.port) : ends.port;
    show(hop, evaluator.evaluate({ kind: 'pods', group: caller }, { kind: 'pods', group: to }, protocol, port), port, `${ends.caller.name} -> ${target.name} ${protocol} ${port}`);
  }
  // Both ends resolve names: the caller the target's, the target its peers' (replication, gossip).
  for (const w of new Set([ends.caller, ...ends.targets])) {
    const reach = use(facts.dnsReachability).of(w);
    if (!reach.asks) {
      hop.ok(`${w.name} does not query the cluster DNS pods (${reach.why})`);
      continue;
    }
    for (const path of reach.paths) {
      for (const query of [path.udp, path.tcp]) showDns(hop, query, `${w.name} -> cluster DNS ${query.protocol} ${DNS_PORT}`);
    }
  }
  for (const w of new Set([ends.caller, ...ends.targets])) {
    const reach = use(facts.istiodReachability).of(w);
    if (!reach.needs) continue;
    for (const path of reach.paths) show(hop, path.verdict, XDS_PORT, `${w.name} sidecar -> istiod TCP ${XDS_PORT}${reach.paths.length > 1 ? ` (${podGroupDisplay(path.istiod.group)})` : ''}`);
  }
  return hop;
}
