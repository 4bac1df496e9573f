/** What the cause-5 rules say about a verdict: which side blocks, and the policies to show as related. */
import type { RelatedTarget, Severity } from '../engine/types.js';
import type { SideVerdict, Verdict } from './evaluator.js';
import { peerPath, policyDisplay, rulePath } from './policy.js';
import { podGroupDisplay } from './pods.js';

/** Sides that do not certainly allow the port. */
export function blockingSides(v: Verdict, port: number): SideVerdict[] {
  return [v.egress, v.ingress].filter((s) => s.isolated && !s.allowed.has(port));
}

/** "egress of Deployment app/api is isolated by NetworkPolicy app/deny-all and no rule allows it" */
export function describeBlock(v: Verdict, port: number): string {
  return blockingSides(v, port)
    .map((s) => {
      const who = s.subject ? podGroupDisplay(s.subject) : 'the address';
      const by = s.isolatedBy.map(policyDisplay).join(', ');
      const uncertain = s.uncertain.has(port) ? 'only a rule whose match the manifests cannot decide could allow it' : 'no rule allows it';
      return `${s.direction} of ${who} is isolated by ${by} and ${uncertain}`;
    })
    .join('; ');
}

/** The isolating policies of each blocking side, then the rules that might allow the traffic. */
export function relatedOf(v: Verdict, port: number): RelatedTarget[] {
  const out: RelatedTarget[] = [];
  for (const side of blockingSides(v, port)) {
    for (const policy of side.isolatedBy) {
      out.push({ resource: policy.resource, path: ['spec', 'podSelector'], message: `${policyDisplay(policy)} isolates ${side.subject ? podGroupDisplay(side.subject) : 'these pods'} for ${side.direction}` });
    }
    for (const m of side.matches) {
      if (m.certain || !m.ports.has(port)) continue;
      out.push({ resource: m.rule.policy.resource, path: m.peer ? peerPath(m.rule, m.peer) : rulePath(m.rule), message: `may allow it, but ${m.doubt ?? 'its match is uncertain'}` });
    }
  }
  return out;
}

/**
 * Severity of a finding from its verdict: a certain denial gets the rule's default, a denial
 * only an ipBlock or a host-network match could lift is never an error.
 */
export function severityOf(v: Verdict, certain: Severity, uncertain: Severity): Severity | undefined {
  if (v.allowed === true) return undefined;
  return v.allowed === 'unknown' ? uncertain : certain;
}
