/**
 * Hop 4, istiod's view: does the caller's sidecar know the Service? istiod must watch both
 * namespaces (discoverySelectors), the Service must be exported to the caller's namespace, and
 * the caller's Sidecar egress must list it; otherwise the call is passthrough (or blocked under
 * REGISTRY_ONLY).
 */
import { facts } from '../facts/index.js';
import type { Analysis } from '../facts/store.js';
import { discovered } from '../facts/mesh/discovery.js';
import { exportedTo, exportToOf } from '../facts/mesh/export-to.js';
import { meshConfigFor } from '../facts/mesh/mesh-config.js';
import { egressHosts, hostAdmits } from '../facts/mesh/sidecar-scope.js';
import { serviceHost } from '../facts/transport/destination-rules.js';
import { HopBuilder } from './model.js';
import type { TraceEnds } from './target.js';

export interface IstiodView {
  hop: HopBuilder;
  /** the caller's sidecar knows the Service; false: it sends the traffic as passthrough */
  callerSeesService: boolean | undefined;
}

export function istiodHop({ model, use }: Analysis, ends: TraceEnds): IstiodView {
  const hop = new HopBuilder('istiod', "istiod's view: discovery, exportTo, Sidecar, outbound policy");
  const { caller, service } = ends;
  const callerVerdict = use(facts.injection).of(caller);
  const sidecars = [caller, ...ends.targets].filter((w) => use(facts.injection).of(w).injected !== false);
  if (sidecars.length === 0) {
    hop.ok('no sidecar on either end: istiod plays no part');
    return { hop, callerSeesService: undefined };
  }
  hop.involve(caller.resource, service, ...ends.targets.map((w) => w.resource));
  const config = meshConfigFor(use(facts.meshConfigs).all, callerVerdict.revision ?? 'default') ?? use(facts.meshConfigs).main;
  if (config) hop.involve(config.resource);
  if (use(facts.istiods).length === 0) hop.ok('no istiod in the input: assumed to run with the mesh defaults');
  else for (const i of use(facts.istiods)) hop.involve(i.workload.resource);

  let sees: boolean | undefined = callerVerdict.injected === true ? true : undefined;
  const namespaces = [...new Set(sidecars.map((w) => w.namespace))];
  for (const name of namespaces) {
    const ns = model.namespace(name);
    hop.involve(ns.resource);
    const d = discovered(config?.discoverySelectors, ns);
    const at = config?.discoverySelectors ? { resource: config.resource, located: config.locate(['discoverySelectors']) } : undefined;
    if (d === 'yes') hop.ok(`istiod watches namespace ${name}${config?.discoverySelectors ? ' (its labels match discoverySelectors)' : ' (no discoverySelectors)'}`, at);
    else if (d === 'maybe') hop.unknown(`namespace ${name} is not in the input: whether discoverySelectors match it is unknown`, at);
    else {
      hop.broken(`istiod does not watch namespace ${name}: its labels match none of the discoverySelectors of ${config?.origin ?? 'the mesh config'}`, at);
      if (service && name === service.namespace) sees = false;
    }
  }
  if (!service) return { hop, callerSeesService: undefined };

  const exportTo = exportToOf(service, use(facts.meshConfigs).all);
  if (exportTo) hop.involve(exportTo.resource);
  const exportAt = exportTo ? { resource: exportTo.resource, path: exportTo.path, located: exportTo.located } : undefined;
  if (!exportTo || exportedTo(exportTo.values, service.namespace, caller.namespace)) {
    hop.ok(`${service.display} is exported to namespace ${caller.namespace}${exportTo ? ` (${exportTo.origin}: ${exportTo.values.join(',')})` : ' (exportTo defaults to *)'}`, exportAt);
  } else {
    hop.add(callerVerdict.injected === true ? 'broken' : 'ok', `${service.display} is not exported to namespace ${caller.namespace} (${exportTo.origin}: ${exportTo.values.join(',')})${callerVerdict.injected === true ? ': the caller\'s sidecar does not know it' : ''}`, exportAt);
    if (callerVerdict.injected === true) sees = false;
  }

  if (callerVerdict.injected === true) {
    const scope = use(facts.sidecars).of(caller);
    const hosts = scope ? egressHosts(scope.sidecar) : undefined;
    const fqdn = serviceHost(service, use(facts.clusterDomain).effective);
    if (!scope || !hosts) hop.ok(`no Sidecar restricts the egress of ${caller.display}${scope ? ` (${scope.sidecar.display} has no egress)` : ''}`, scope ? { resource: scope.sidecar, path: ['spec'] } : undefined);
    else {
      hop.involve(scope.sidecar);
      const admit = hosts.find((h) => hostAdmits(h, caller.namespace, service.namespace, fqdn));
      if (admit) hop.ok(`${scope.sidecar.display} egress host "${admit.text}" admits ${fqdn}`, { resource: scope.sidecar, path: admit.path });
      else {
        hop.broken(`${scope.sidecar.display} (by ${scope.how}) scopes ${caller.display}, and no egress host admits ${fqdn}`, { resource: scope.sidecar, path: ['spec', 'egress'] });
        sees = false;
      }
    }
    const outbound = config?.outboundTrafficPolicy ?? 'ALLOW_ANY';
    const outboundAt = config ? { resource: config.resource, located: config.locate(['outboundTrafficPolicy', 'mode']) } : undefined;
    if (sees === false) {
      if (outbound === 'REGISTRY_ONLY') hop.broken('outboundTrafficPolicy is REGISTRY_ONLY: the sidecar drops traffic to a Service it does not know', outboundAt);
      else hop.ok('outboundTrafficPolicy ALLOW_ANY: the sidecar passes the traffic through unchanged (no mTLS, no Istio routing)', outboundAt);
    } else hop.ok(`outboundTrafficPolicy ${outbound}; the caller's sidecar routes to the Service`, outboundAt);
  }
  return { hop, callerSeesService: sees };
}
