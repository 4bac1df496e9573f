/**
 * `trace`: one connection from a workload to a DNS name, hop by hop. Each hop reads the graph's
 * shared facts; the lint's findings on the same input are attached to the hop they concern.
 */
import { facts } from '../facts/index.js';
import type { Analysis } from '../facts/store.js';
import type { Finding, Rule } from '../engine/types.js';
import type { Resource } from '../load/resource.js';
import { authorizationHop } from './authorization-hop.js';
import { dnsHop } from './dns-hop.js';
import { HopFindings } from './findings.js';
import { rules as allRules } from '../../rules/index.js';
import { istiodHop } from './istiod-hop.js';
import { meshHop } from './mesh-hop.js';
import { type HopBuilder, type HopVerdict, type Place, type TracedHop, type TraceResult, worst } from './model.js';
import { networkHop } from './network-hop.js';
import { serviceHop } from './service-hop.js';
import { resolveEnds, type TraceEnds } from './target.js';
import { transportHop } from './transport-hop.js';

function placeOf(check: HopBuilder['checks'][number]): Place | undefined {
  if (!check.at) return undefined;
  const { resource, path, located } = check.at;
  const at = located ?? resource.locate(path ?? []);
  return { file: resource.file, line: at.span.start.line, column: at.span.start.column };
}

/** The hops, before findings: exported for tests of a single hop's wiring. */
export function hopsOf(analysis: Analysis, ends: TraceEnds): HopBuilder[] {
  const istiod = istiodHop(analysis, ends);
  return [
    dnsHop(analysis, ends),
    serviceHop(analysis, ends),
    meshHop(analysis, ends),
    istiod.hop,
    networkHop(analysis, ends),
    transportHop(analysis, ends, istiod.callerSeesService),
    authorizationHop(analysis, ends, istiod.callerSeesService),
  ];
}

function findingVerdict(f: Finding): HopVerdict {
  return f.severity === 'error' ? 'broken' : f.severity === 'warning' ? 'unknown' : 'ok';
}

export function trace(analysis: Analysis, findings: readonly Finding[], from: string, to: string, rules: readonly Rule[] = allRules): TraceResult {
  const owners = new HopFindings(rules);
  const { model, use } = analysis;
  const ends = resolveEnds(analysis, from, to);
  const inMesh = [ends.caller, ...ends.targets].some((w) => use(facts.injection).of(w).injected === true);
  const pathResources: Resource[] = [ends.caller.resource, ...ends.targets.map((w) => w.resource), ...(ends.service ? [ends.service] : [])];
  for (const w of [ends.caller, ...ends.targets]) {
    const ns = model.namespace(w.namespace).resource;
    if (ns) pathResources.push(ns);
  }
  const hops: TracedHop[] = hopsOf(analysis, ends).map((hop, i) => {
    const inPlay = hop.name === 'dns' || inMesh || use(facts.istioInUse);
    const attached = owners.of(hop, findings, inPlay, pathResources);
    const own = worst(hop.checks.map((c) => c.verdict));
    const decisive = attached.filter((f) => !owners.judgedByHop(f));
    const verdict = worst([own, ...decisive.map(findingVerdict)]);
    const shown = verdict === 'ok' ? [] : attached;
    return {
      index: i + 1,
      name: hop.name,
      title: hop.title,
      verdict,
      checks: hop.checks.map((c) => {
        const where = placeOf(c);
        return { verdict: c.verdict, message: c.message, ...(where ? { where } : {}) };
      }),
      findings: shown,
      rules: [...new Set(shown.filter((f) => findingVerdict(f) !== 'ok').map((f) => f.ruleId))].sort(),
    };
  });
  const verdict = worst(hops.map((h) => h.verdict));
  const target = `${ends.name}${ends.port !== undefined ? `:${ends.port}` : ''}`;
  const broken = hops.filter((h) => h.verdict === 'broken');
  const unknown = hops.filter((h) => h.verdict === 'unknown');
  const list = (hs: TracedHop[]) => hs.map((h) => `${h.index} ${h.name}${h.rules.length ? ` (${h.rules.join(', ')})` : ''}`).join('; ');
  const summary =
    verdict === 'ok'
      ? `${ends.caller.display} -> ${target}: every hop is ok`
      : verdict === 'broken'
        ? `${ends.caller.display} -> ${target}: broken at hop ${list(broken)}`
        : `${ends.caller.display} -> ${target}: unknown at hop ${list(unknown)}`;
  const version = use(facts.istioVersion);
  const istio = { version: version.version, source: version.source, detail: version.detail, assumed: version.assumed };
  return { from: `${ends.caller.namespace}/${ends.caller.name}`, to: target, ...(ends.port !== undefined ? { port: ends.port } : {}), istio, verdict, summary, hops };
}
