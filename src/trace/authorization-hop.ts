/** Hop 7, authorization: the AuthorizationPolicies the target's sidecar enforces, for this caller and port. */
import { facts } from '../facts/index.js';
import type { Analysis } from '../facts/store.js';
import { serviceAccountOf } from '../facts/security/authorization.js';
import { containerPortOf } from '../facts/headless/service-ports.js';
import { HopBuilder } from './model.js';
import type { TraceEnds } from './target.js';

export function authorizationHop({ use }: Analysis, ends: TraceEnds, callerSeesService: boolean | undefined): HopBuilder {
  const hop = new HopBuilder('authorization', 'authorization: AuthorizationPolicies on the target');
  const { caller, servicePort } = ends;
  hop.involve(caller.resource, ...ends.targets.map((w) => w.resource));
  const callerSidecar = use(facts.injection).of(caller).injected === true;
  for (const target of ends.targets) {
    const injected = use(facts.injection).of(target).injected;
    if (injected === false) {
      hop.ok(`${target.display} has no sidecar: no AuthorizationPolicy is enforced`);
      continue;
    }
    const policies = use(facts.authorization).policiesFor(target);
    hop.involve(...policies);
    if (policies.length === 0) {
      hop.ok(`no AuthorizationPolicy applies to ${target.display}`);
      continue;
    }
    const port = (servicePort && containerPortOf(servicePort, target)) ?? ends.port;
    if (port === undefined) {
      hop.unknown(`${policies.length} AuthorizationPolicies apply to ${target.display}, but no port was given`);
      continue;
    }
    const verdict = use(facts.authorization).evaluate(
      { mtls: callerSidecar && injected === true && callerSeesService !== false, namespace: caller.namespace, serviceAccount: serviceAccountOf(caller) },
      { workload: target, port, protocol: servicePort?.protocol.protocol ?? 'auto' },
    );
    const at = verdict.by ? { resource: verdict.by.resource, path: verdict.by.path } : { resource: policies[0]!, path: ['spec'] };
    const message = `${target.display}: ${verdict.reason}`;
    if (verdict.decision === 'allow') hop.ok(message, at);
    else if (verdict.decision === 'deny') hop.add(injected === true ? 'broken' : 'unknown', message, at);
    else hop.unknown(message, at);
  }
  if (ends.targets.length === 0 && !ends.builtIn) hop.unknown('no target pods in the input');
  return hop;
}
