/**
 * Hop 3, mesh membership: will each end run a sidecar, and of which revision? A call between a
 * pod with a sidecar and one without is where mTLS and policy surprises start.
 */
import { facts } from '../facts/index.js';
import type { Analysis } from '../facts/store.js';
import type { InjectionVerdict } from '../facts/injection/injection.js';
import { matches } from '../model/selector.js';
import type { Workload } from '../model/workload.js';
import { HopBuilder } from './model.js';
import type { TraceEnds } from './target.js';

function describe(w: Workload, v: InjectionVerdict): string {
  if (v.evidence) return `${w.display} runs a sidecar${v.revision && v.revision !== 'default' ? ` of revision ${v.revision}` : ''}: ${v.reason}`;
  if (v.injected === true) return `${w.display} gets a sidecar${v.revision && v.revision !== 'default' ? ` of revision ${v.revision}` : ''}: ${v.reason}`;
  if (v.injected === false) return `${w.display} gets no sidecar: ${v.reason}`;
  return `${w.display}: sidecar unknown: ${v.reason}`;
}

export function meshHop({ model, use }: Analysis, ends: TraceEnds): HopBuilder {
  const hop = new HopBuilder('mesh', 'mesh membership: sidecars and revisions');
  // A replica calling its peers is both ends: say it once.
  const all = [...new Set([ends.caller, ...ends.targets])];
  for (const w of all) {
    hop.involve(w.resource, model.namespace(w.namespace).resource);
  }
  const verdicts = all.map((w) => ({ w, v: use(facts.injection).of(w) }));
  const inMesh = verdicts.some((x) => x.v.injected === true);
  for (const { w, v } of verdicts) {
    const at = { resource: v.decidedBy.resource, path: v.decidedBy.path };
    hop.involve(v.decidedBy.resource);
    if (v.injected === undefined) hop.unknown(describe(w, v), at);
    else if (v.injected === true) hop.add(v.certain ? 'ok' : 'unknown', describe(w, v), at);
    // Outside the mesh on purpose, or both ends outside it: plain Kubernetes traffic.
    else if (v.podOptOut || !inMesh) hop.ok(describe(w, v), at);
    else hop.add(v.certain ? 'broken' : 'unknown', `${describe(w, v)}; the other end is in the mesh`, at);
  }
  // The injector webhooks the API server calls for each end's new pods: their findings concern this hop.
  for (const w of all) {
    const ns = model.namespace(w.namespace);
    if (!ns.known) continue;
    const called = use(facts.injectorWebhooks).filter((e) => matches(e.namespaceSelector, ns.labels) && matches(e.objectSelector, w.labels));
    for (const e of called) hop.involve(e.configuration);
  }
  const revisions = new Set(verdicts.filter((x) => x.v.injected === true).map((x) => x.v.revision ?? 'default'));
  if (revisions.size > 1) hop.ok(`the ends use different revisions (${[...revisions].join(', ')}); they share a root of trust only if the control planes do`);
  if (!inMesh && verdicts.every((x) => x.v.injected === false)) hop.ok('neither end is in the mesh: istiod, mTLS and AuthorizationPolicies play no part');
  return hop;
}
