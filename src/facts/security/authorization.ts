/**
 * Does an Istio sidecar let a caller through on a port? AuthorizationPolicies are evaluated as
 * istio.io/latest/docs/concepts/security/#authorization-policies describes: CUSTOM first (its
 * external decision is unknown here), then any matching DENY denies, then, when ALLOW policies
 * apply, one of them must match. An ALLOW policy without rules matches nothing, so it denies all.
 *
 * Policies bind to a workload by `selector` in its namespace, namespace-wide without one, and
 * from the root namespace mesh-wide (a selector there matches pods of every namespace).
 * Identity fields (`principals`, `namespaces`) come from the peer certificate, so plaintext
 * callers never match them. On non-HTTP ports the HTTP-only fields cannot be enforced: istiod
 * drops the whole rule of an ALLOW policy and only the field of a DENY policy, which widens it
 * (istio/istio pilot/pkg/security/authz/model/model.go checkError).
 *
 * Facts the input cannot show (caller IPs, JWTs, HTTP paths) give "unknown", never a verdict.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, type Obj, type Resource, textList } from '../../load/resource.js';
import { isTcpProtocol, type IstioProtocol } from '../transport/port-protocol.js';
import { fromMap, matches } from '../../model/selector.js';
import type { Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { meshConfigs } from '../mesh/mesh-config.js';

export interface AuthzInput {
  policies: readonly Resource[];
  rootNamespace: string;
  trustDomain: string;
  trustDomainAliases: string[];
}

export interface AuthzCaller {
  /** the traffic arrives with the caller's mTLS identity (both sides have sidecars) */
  mtls: boolean;
  namespace: string;
  serviceAccount: string;
}

export interface AuthzTarget {
  workload: Workload;
  /** the container port the traffic arrives on */
  port: number;
  protocol: IstioProtocol;
}

export interface AuthzVerdict {
  decision: 'allow' | 'deny' | 'unknown';
  /** why, in one sentence naming the policy */
  reason: string;
  /** the policy field that decided a denial (or made it unknown) */
  by?: { resource: Resource; path: Path };
}

type Tri = boolean | undefined;

interface Match {
  value: Tri;
  why?: string;
}

const HTTP_SOURCE_FIELDS = ['requestPrincipals', 'notRequestPrincipals'];
const HTTP_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];

export function serviceAccountOf(workload: Workload): string {
  return asString(workload.podSpec.serviceAccountName) || asString(workload.podSpec.serviceAccount) || 'default';
}

export function principalOf(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Istio's string match for policy values: exact, `*` (present), `prefix*` or `*suffix`. */
export function stringMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return value.length > 0;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** The trust domain a principal is written with ('' for wildcards and malformed ones). */
export function trustDomainOf(principal: string): string {
  // Like istiod, only <td>/ns/<ns>/sa/<sa> enforces a trust domain; wildcard ones are left alone here.
  const parts = principal.split('/');
  if (parts.length !== 5 || parts[1] !== 'ns' || parts[3] !== 'sa') return '';
  const td = parts[0] as string;
  return td.includes('*') ? '' : td;
}

function hasSelector(policy: Resource): boolean {
  const labels = asObj(asObj(policy.spec.selector)?.matchLabels);
  return labels !== undefined && Object.keys(labels).length > 0;
}

function strings(value: unknown): string[] {
  return textList(value);
}

export class AuthorizationEvaluator {
  constructor(private readonly input: AuthzInput) {}

  /** Policies that bind to the workload's sidecar. */
  policiesFor(workload: Workload): Resource[] {
    const root = this.input.rootNamespace;
    return this.input.policies.filter((p) => {
      if (p.spec.targetRef !== undefined || p.spec.targetRefs !== undefined) return false;
      if (p.namespace !== workload.namespace && p.namespace !== root) return false;
      if (!hasSelector(p)) return p.namespace === workload.namespace || p.namespace === root;
      return matches(fromMap(asObj(p.spec.selector)?.matchLabels), workload.labels);
    });
  }

  evaluate(caller: AuthzCaller, target: AuthzTarget): AuthzVerdict {
    const policies = this.policiesFor(target.workload);
    const byAction = (action: string) => policies.filter((p) => (asString(p.spec.action)?.toUpperCase() ?? 'ALLOW') === action);
    let uncertain: AuthzVerdict | undefined;

    for (const p of byAction('CUSTOM')) {
      if (this.policyMatches(p, 'CUSTOM', caller, target).value !== false) {
        return { decision: 'unknown', reason: `${p.display} delegates the decision to an external authorizer (CUSTOM)`, by: { resource: p, path: ['spec', 'action'] } };
      }
    }
    for (const p of byAction('DENY')) {
      const m = this.policyMatches(p, 'DENY', caller, target);
      if (m.value === true) return { decision: 'deny', reason: `DENY ${p.display} matches${m.why ? `: ${m.why}` : ''}`, by: { resource: p, path: m.ruleIndex !== undefined ? ['spec', 'rules', m.ruleIndex] : ['spec'] } };
      if (m.value === undefined) uncertain ??= { decision: 'unknown', reason: `DENY ${p.display} may match (${m.why ?? 'depends on request facts'})`, by: { resource: p, path: ['spec'] } };
    }
    const allows = byAction('ALLOW');
    if (allows.length === 0) return uncertain ?? { decision: 'allow', reason: 'no ALLOW policy applies' };
    const misses: string[] = [];
    for (const p of allows) {
      const m = this.policyMatches(p, 'ALLOW', caller, target);
      if (m.value === true) return uncertain ?? { decision: 'allow', reason: `ALLOW ${p.display} matches` };
      if (m.value === undefined) uncertain ??= { decision: 'unknown', reason: `ALLOW ${p.display} may match (${m.why ?? 'depends on request facts'})`, by: { resource: p, path: ['spec'] } };
      else misses.push(`${p.display}: ${m.why ?? 'no rule matches'}`);
    }
    if (uncertain) return uncertain;
    const first = allows[0] as Resource;
    return {
      decision: 'deny',
      reason: `ALLOW policies apply but none admits it (${misses.join('; ')})`,
      by: { resource: first, path: asArray(first.spec.rules).length > 0 ? ['spec', 'rules'] : ['spec'] },
    };
  }

  private policyMatches(policy: Resource, action: string, caller: AuthzCaller, target: AuthzTarget): Match & { ruleIndex?: number } {
    const rules = asArray(policy.spec.rules);
    if (rules.length === 0) return { value: false, why: 'it has no rules, so it matches nothing' };
    let unknown: Match | undefined;
    const whys: string[] = [];
    for (let i = 0; i < rules.length; i++) {
      const m = this.ruleMatches(asObj(rules[i]) ?? {}, action, caller, target);
      if (m.value === true) return { value: true, why: m.why, ruleIndex: i };
      if (m.value === undefined) unknown ??= m;
      else if (m.why) whys.push(rules.length > 1 ? `rule ${i}: ${m.why}` : m.why);
    }
    return unknown ?? { value: false, why: whys.join('; ') || undefined };
  }

  private ruleMatches(rule: Obj, action: string, caller: AuthzCaller, target: AuthzTarget): Match {
    const tcp = isTcpProtocol(target.protocol);
    if (tcp && action === 'ALLOW') {
      const http = httpOnlyFields(rule);
      if (http.length > 0) return { value: false, why: `it uses HTTP-only ${http.join(', ')} on ${target.protocol} port ${target.port}, so Istio drops the rule` };
    }
    const parts: Match[] = [
      anyOf(asArray(rule.from), (f) => this.sourceMatches(asObj(asObj(f)?.source) ?? {}, caller, tcp)),
      anyOf(asArray(rule.to), (t) => operationMatches(asObj(asObj(t)?.operation) ?? {}, target, tcp)),
      allOf(asArray(rule.when), (c) => this.conditionMatches(asObj(c) ?? {}, caller, target, tcp)),
    ];
    return allOf(parts, (m) => m);
  }

  private sourceMatches(source: Obj, caller: AuthzCaller, tcp: boolean): Match {
    const principal = caller.mtls ? principalOf(this.input.trustDomain, caller.namespace, caller.serviceAccount) : '';
    const namespace = caller.mtls ? caller.namespace : '';
    const checks: Match[] = [];
    const principals = strings(source.principals).map((p) => this.localize(p));
    if (source.principals !== undefined) checks.push(listMatch(principals, principal, caller.mtls ? `principals do not include ${principal}` : 'principals never match plaintext traffic (the caller has no sidecar)'));
    if (source.notPrincipals !== undefined) checks.push(negate(listMatch(strings(source.notPrincipals).map((p) => this.localize(p)), principal, ''), `notPrincipals excludes ${principal}`));
    if (source.namespaces !== undefined) checks.push(listMatch(strings(source.namespaces), namespace, caller.mtls ? `namespaces do not include ${namespace}` : 'namespaces never match plaintext traffic (the caller has no sidecar)'));
    if (source.notNamespaces !== undefined) checks.push(negate(listMatch(strings(source.notNamespaces), namespace, ''), `notNamespaces excludes ${namespace}`));
    for (const field of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']) {
      if (source[field] !== undefined) checks.push({ value: undefined, why: `${field} depend on the caller's IP` });
    }
    for (const field of HTTP_SOURCE_FIELDS) {
      if (source[field] !== undefined && !tcp) checks.push({ value: undefined, why: `${field} depend on the request's JWT` });
    }
    return allOf(checks, (m) => m);
  }

  private conditionMatches(condition: Obj, caller: AuthzCaller, target: AuthzTarget, tcp: boolean): Match {
    const key = asString(condition.key) ?? '';
    let actual: string | undefined;
    if (key === 'source.principal') actual = caller.mtls ? principalOf(this.input.trustDomain, caller.namespace, caller.serviceAccount) : '';
    else if (key === 'source.namespace') actual = caller.mtls ? caller.namespace : '';
    else if (key === 'destination.port') actual = String(target.port);
    else if (tcp && (key.startsWith('request.') || key.startsWith('experimental.'))) return { value: true };
    else return { value: undefined, why: `condition ${key || '(no key)'} depends on request facts` };
    const values = strings(condition.values);
    const notValues = strings(condition.notValues);
    const inValues = values.length === 0 || values.some((v) => stringMatches(v, actual as string));
    const inNot = notValues.some((v) => stringMatches(v, actual as string));
    return inValues && !inNot ? { value: true } : { value: false, why: `condition ${key} does not hold for ${actual || 'plaintext traffic'}` };
  }

  /** Principals written with an accepted trust domain (or the `cluster.local` shorthand) stand for the mesh's own. */
  private localize(principal: string): string {
    const td = trustDomainOf(principal);
    if (!td) return principal;
    const accepted = td === 'cluster.local' || td === this.input.trustDomain || this.input.trustDomainAliases.includes(td);
    return accepted ? this.input.trustDomain + principal.slice(td.length) : principal;
  }
}

/** HTTP-only fields a rule uses, by name. */
export function httpOnlyFields(rule: Obj): string[] {
  const found = new Set<string>();
  for (const f of asArray(rule.from)) for (const k of HTTP_SOURCE_FIELDS) if (asObj(asObj(f)?.source)?.[k] !== undefined) found.add(k);
  for (const t of asArray(rule.to)) for (const k of HTTP_OPERATION_FIELDS) if (asObj(asObj(t)?.operation)?.[k] !== undefined) found.add(k);
  for (const c of asArray(rule.when)) {
    const key = asString(asObj(c)?.key) ?? '';
    if (key.startsWith('request.') || key.startsWith('experimental.')) found.add(`when ${key}`);
  }
  return [...found];
}

function operationMatches(operation: Obj, target: AuthzTarget, tcp: boolean): Match {
  const checks: Match[] = [];
  const port = String(target.port);
  if (operation.ports !== undefined) checks.push(listMatch(strings(operation.ports), port, `ports do not include ${port}`));
  if (operation.notPorts !== undefined) checks.push(negate(listMatch(strings(operation.notPorts), port, ''), `notPorts excludes ${port}`));
  // On TCP ports a DENY rule loses these fields (it widens); ALLOW rules using them were dropped earlier.
  if (!tcp) {
    for (const field of HTTP_OPERATION_FIELDS) {
      if (operation[field] !== undefined) checks.push({ value: undefined, why: `${field} depend on the request` });
    }
  }
  return allOf(checks, (m) => m);
}

function listMatch(patterns: string[], value: string, why: string): Match {
  return patterns.some((p) => stringMatches(p, value)) ? { value: true } : { value: false, why };
}

function negate(m: Match, why: string): Match {
  if (m.value === undefined) return m;
  return m.value ? { value: false, why } : { value: true };
}

function anyOf<T>(items: T[], f: (item: T) => Match): Match {
  if (items.length === 0) return { value: true };
  let unknown: Match | undefined;
  const whys: string[] = [];
  for (const item of items) {
    const m = f(item);
    if (m.value === true) return m;
    if (m.value === undefined) unknown ??= m;
    else if (m.why) whys.push(m.why);
  }
  return unknown ?? { value: false, why: whys.join(' / ') || undefined };
}

function allOf<T>(items: T[], f: (item: T) => Match): Match {
  let unknown: Match | undefined;
  for (const item of items) {
    const m = f(item);
    if (m.value === false) return m;
    if (m.value === undefined) unknown ??= m;
  }
  return unknown ?? { value: true };
}

export const authorization = defineFact({
  id: 'security.authorization',
  description: 'whether AuthorizationPolicies admit a caller to a workload port',
  reads: ['AuthorizationPolicy'],
  uses: [meshConfigs],
  compute: ({ model, use }) => {
    const meshes = use(meshConfigs);
    return new AuthorizationEvaluator({
      policies: model.ofKind('AuthorizationPolicy'),
      rootNamespace: meshes.rootNamespace,
      trustDomain: meshes.main?.trustDomain ?? 'cluster.local',
      trustDomainAliases: meshes.main?.trustDomainAliases ?? [],
    });
  },
});
