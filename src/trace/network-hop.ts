/**
 * Hop 5, network: NetworkPolicy verdicts for the call (the caller's egress and the target's
 * ingress), and for what each end needs besides: cluster DNS on port 53, and istiod on 15012 for
 * every end with a sidecar.
 */
import type { Graph } from '../model/model.js';
import { containerPortOf } from '../facts/headless/service-ports.js';
import type { Workload } from '../model/workload.js';
import type { Verdict } from '../netpol/evaluator.js';
import { matchRef, relevantMatches } from '../netpol/explain.js';
import { peerPath, policyDisplay, rulePath } from '../netpol/policy.js';
import { podGroupDisplay, type PodGroup } from '../netpol/pods.js';
import { asProtocol, type Protocol } from '../netpol/ports.js';
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

function check(hop: HopBuilder, graph: Graph, from: PodGroup, to: PodGroup, protocol: Protocol, port: number, what: string): HopVerdict {
  const v = graph.netpol.evaluate({ kind: 'pods', group: from }, { kind: 'pods', group: to }, protocol, port);
  const before = hop.checks.length;
  explain(hop, v, what, port);
  const verdict = VERDICT[String(v.allowed)] ?? 'unknown';
  // The side checks carry the detail; make sure the overall answer shows even when no side check says so.
  if (verdict !== 'ok' && hop.checks.slice(before).every((c) => c.verdict === 'ok')) hop.add(verdict, `${what}: ${v.allowed}`);
  return verdict;
}

export function networkHop(graph: Graph, ends: TraceEnds): HopBuilder {
  const hop = new HopBuilder('network', 'network: NetworkPolicies, DNS and istiod reachability');
  const netpol = graph.netpol;
  const group = (w: Workload) => netpol.groupOf(w);
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
    check(hop, graph, caller, to, protocol, port, `${ends.caller.name} -> ${target.name} ${protocol} ${port}`);
  }
  // Both ends resolve names: the caller the target's, the target its peers' (replication, gossip).
  const dns = netpol.dnsPods[0];
  for (const w of new Set([ends.caller, ...ends.targets])) {
    const from = group(w);
    if (!dns || !from) continue;
    for (const p of ['UDP', 'TCP'] as const) check(hop, graph, from, dns, p, 53, `${w.name} -> cluster DNS ${p} 53`);
  }
  for (const w of new Set([ends.caller, ...ends.targets])) {
    if (graph.injection(w).injected !== true) continue;
    const from = group(w);
    const revision = graph.injection(w).revision ?? 'default';
    const istiod = netpol.istiodPods.find((i) => i.revision === revision) ?? netpol.istiodPods[0];
    if (from && istiod) check(hop, graph, from, istiod.group, 'TCP', 15012, `${w.name} sidecar -> istiod TCP 15012`);
  }
  return hop;
}
