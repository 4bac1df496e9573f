/** A verdict told step by step (text) or as data (JSON), for `reach` and later `trace`. */
import type { Path } from '../load/parser.js';
import type { Endpoint, RuleMatch, SideVerdict, Verdict } from './evaluator.js';
import { peerPath, policyDisplay, rulePath, type Policy, type PolicyRule } from './policy.js';
import { podGroupDisplay } from './pods.js';
import { describeSelector } from '../model/selector.js';

export interface PolicyRef {
  policy: string;
  direction?: string;
  rule?: number;
  peer?: number;
  file: string;
  line: number;
  column: number;
  certain?: boolean;
  why?: string;
}

export function endpointDisplay(e: Endpoint): string {
  return e.kind === 'pods' ? podGroupDisplay(e.group) : e.kind === 'node' ? "the pod's own node" : `addresses ${e.text}`;
}

function refOf(policy: Policy, path: Path, extra: Partial<PolicyRef> = {}): PolicyRef {
  const at = policy.resource.locate(path);
  return { policy: `${policy.namespace}/${policy.name}`, file: policy.resource.file, line: at.span.start.line, column: at.span.start.column, ...extra };
}

export function isolationRef(policy: Policy): PolicyRef {
  return refOf(policy, ['spec', 'podSelector']);
}

export function matchRef(m: RuleMatch): PolicyRef {
  const path = m.peer ? peerPath(m.rule, m.peer) : rulePath(m.rule);
  return refOf(m.rule.policy, path, { direction: m.rule.direction, rule: m.rule.index, ...(m.peer ? { peer: m.peer.index } : {}), certain: m.certain, ...(m.doubt ? { why: m.doubt } : {}) });
}

/** Matches that allow the queried port (or, without one, any port). */
export function relevantMatches(side: SideVerdict, port: number | undefined): RuleMatch[] {
  return side.matches.filter((m) => (port === undefined ? !m.ports.isEmpty : m.ports.has(port)));
}

function sideJson(side: SideVerdict, port: number | undefined) {
  const relevant = relevantMatches(side, port);
  return {
    pods: side.subject ? podGroupDisplay(side.subject) : null,
    isolated: side.isolated,
    isolatedBy: side.isolatedBy.map(isolationRef),
    allowedBy: relevant.filter((m) => m.certain).map(matchRef),
    uncertainBy: relevant.filter((m) => !m.certain).map(matchRef),
    allowedPorts: side.allowed.toJSON(),
    notes: side.notes,
  };
}

export function verdictJson(v: Verdict) {
  return {
    from: endpointDisplay(v.from),
    to: endpointDisplay(v.to),
    protocol: v.protocol,
    port: v.port ?? null,
    allowed: v.allowed,
    allowedPorts: v.allowedPorts.toJSON(),
    unknownPorts: v.unknownPorts.toJSON(),
    egress: sideJson(v.egress, v.port),
    ingress: sideJson(v.ingress, v.port),
  };
}

function where(ref: PolicyRef): string {
  return `${ref.file}:${ref.line}:${ref.column}`;
}

export function describeRule(rule: PolicyRule): string {
  const peers =
    rule.peers === null
      ? rule.direction === 'ingress'
        ? 'from anywhere'
        : 'to anywhere'
      : rule.peers
          .map((p) => {
            if (p.kind === 'invalid') return `an invalid peer (${p.reason})`;
            if (p.kind === 'ipBlock') return `ipBlock ${p.text}`;
            const pods = p.podSelector ? `pods ${describeSelector(p.podSelector)}` : 'all pods';
            const ns = p.namespaceSelector ? `in namespaces ${describeSelector(p.namespaceSelector)}` : `in ${rule.policy.namespace}`;
            return `${pods} ${ns}`;
          })
          .join(' or ');
  const ports =
    rule.ports === null
      ? 'all ports'
      : rule.ports
          .map((p) => `${p.protocol ?? 'an invalid protocol'} ${p.name ?? (p.port === undefined ? 'any port' : p.endPort !== undefined ? `${p.port}-${p.endPort}` : p.port)}`)
          .join(', ');
  return `${rule.direction} rule ${rule.index + 1}: ${peers}, ${ports}`;
}

function sideText(side: SideVerdict, v: Verdict, title: string): string[] {
  const lines = [title];
  for (const note of side.notes) lines.push(`  ${note}.`);
  if (!side.subject || side.subject.hostNetwork || v.from.kind === 'node' || v.to.kind === 'node') return lines;
  if (!side.isolated) {
    lines.push(`  not isolated: no NetworkPolicy selecting these pods has ${side.direction === 'ingress' ? 'Ingress' : 'Egress'} in its policyTypes, so everything is allowed.`);
    return lines;
  }
  lines.push(`  isolated by ${side.isolatedBy.map((p) => `${policyDisplay(p)} (${where(isolationRef(p))})`).join(', ')}.`);
  const relevant = relevantMatches(side, v.port);
  for (const m of relevant) {
    const ref = matchRef(m);
    lines.push(`  ${m.certain ? 'allowed' : 'maybe allowed'} by ${policyDisplay(m.rule.policy)} ${describeRule(m.rule)} (${where(ref)})${v.port === undefined ? `, which here allows ${v.protocol} ${m.ports.describe()}` : ''}${m.doubt ? `; uncertain: ${m.doubt}` : ''}.`);
  }
  if (relevant.length === 0) {
    const other = side.direction === 'egress' ? endpointDisplay(v.to) : endpointDisplay(v.from);
    const peerHits = side.matches.length;
    lines.push(
      peerHits > 0
        ? `  denied: ${peerHits} rule(s) match ${other} but none allows ${v.protocol}${v.port === undefined ? '' : ` ${v.port}`} (named ports resolve on the destination pod's container ports).`
        : `  denied: none of the ${side.rulesConsidered} rule(s) of these policies matches ${other}.`,
    );
  }
  return lines;
}

export function verdictText(v: Verdict): string {
  const what = `${v.protocol}${v.port === undefined ? ' (every port)' : ` ${v.port}`}`;
  const verdict = v.allowed === true ? 'allowed' : v.allowed === false ? 'denied' : v.allowed;
  const lines = [`${endpointDisplay(v.from)} -> ${endpointDisplay(v.to)}, ${what}: ${verdict}`, ''];
  lines.push(...sideText(v.egress, v, `1. egress of ${endpointDisplay(v.from)}`));
  lines.push(...sideText(v.ingress, v, `2. ingress of ${endpointDisplay(v.to)}`));
  lines.push('');
  if (v.allowed === true) lines.push(`Both sides allow ${what}.`);
  else if (v.allowed === false) {
    const closed = [v.egress, v.ingress].filter((s) => {
      const open = s.allowed.union(s.uncertain);
      return v.port !== undefined ? !open.has(v.port) : open.isEmpty;
    });
    lines.push(closed.length > 0 ? `${closed.map((s) => `The ${s.direction} side`).join(' and ')} ${closed.length > 1 ? 'do' : 'does'} not allow ${what}.` : `Each side allows some ${v.protocol} ports, but no port is allowed by both.`);
  }
  else if (v.allowed === 'partial') lines.push(`Only some ${v.protocol} ports are allowed: ${v.allowedPorts.describe()}.`);
  else lines.push(`Unknown: ${v.protocol} ${v.unknownPorts.describe()} ${v.unknownPorts.isAll || v.unknownPorts.describe().includes(',') ? 'are' : 'is'} allowed only by rules whose match depends on the network plugin or on addresses the manifests do not show${v.allowedPorts.isEmpty ? '' : `; certainly allowed: ${v.allowedPorts.describe()}`}.`);
  return `${lines.join('\n')}\n`;
}
