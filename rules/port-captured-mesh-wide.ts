import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { asArray, asObj, asString, textList, type Resource } from '../src/load/resource.js';
import { exportedTo } from '../src/facts/mesh/export-to.js';
import { servicePortProtocol, isHttpProtocol, type IstioProtocol } from '../src/facts/transport/port-protocol.js';
import { servicePorts } from '../src/facts/headless/service-ports.js';
import { readingsOf } from '../src/text/dns-names.js';
import type { Workload } from '../src/model/workload.js';
import type { ExternalCall } from '../src/facts/calls/external-calls.js';
import { egressHosts, hostAdmits } from '../src/facts/mesh/sidecar-scope.js';
import { serviceVisibleFrom } from '../src/facts/mesh/export-to.js';

const LISTENER = '{{entry}} has no addresses and resolution {{resolution}}, so every sidecar it is exported to gets a 0.0.0.0:{{port}} listener that forwards, as {{protocol}}, each connection on port {{port}} that no more specific listener claims';

/** A ServiceEntry port and what Istio makes of it. */
interface EntryPort {
  port: number;
  protocol: IstioProtocol;
  index: number;
}

/** Ports whose listener forwards by destination port alone: TCP filter chains, not HTTP routes or TLS SNI matches. */
function capturing(protocol: IstioProtocol): boolean {
  return !isHttpProtocol(protocol) && protocol !== 'HTTPS' && protocol !== 'TLS' && protocol !== 'UDP';
}

function entryPorts(entry: Resource): EntryPort[] {
  const out: EntryPort[] = [];
  asArray(entry.spec.ports).forEach((raw, index) => {
    const p = asObj(raw);
    const port = typeof p?.number === 'number' ? p.number : Number(p?.number);
    if (!p || !Number.isInteger(port)) return;
    // A ServiceEntry names the protocol in `protocol` (HTTP, TCP, TLS...), else by the port name as a Service does.
    const written = asString(p.protocol);
    const protocol = written ? (servicePortProtocol({ name: written.toLowerCase(), port }).protocol) : servicePortProtocol({ name: p.name, port }).protocol;
    out.push({ port, protocol, index });
  });
  return out;
}

function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  return p === host || (p.startsWith('*.') && host.endsWith(p.slice(1))) || p === '*';
}

export default defineRule({
  meta: {
    id: 'port-captured-mesh-wide',
    cause: 'beyond',
    severity: 'error',
    description: 'A ServiceEntry without addresses (resolution DNS or STATIC) claims a TCP port mesh-wide: connections of other workloads on that port go to its hosts (also to the pods of a headless Service the caller does not see), and per-pod names written into it redirect peer traffic.',
    why:
      'A sidecar picks the outbound listener by destination address and port. A ServiceEntry with no addresses has no VIP, so for a port Istio forwards as TCP (TCP, MONGO, REDIS, MYSQL, or a port left to protocol detection) every sidecar it is exported to gets a 0.0.0.0:<port> listener whose TCP chain forwards to the entry\'s hosts. Every connection on that port that no more specific listener claims (a ClusterIP Service\'s VIP, a headless Service\'s per-pod listeners) goes there: a workload that talks to its own database on 5432, or to another external host on the port, reaches the entry\'s host instead. HTTP ports are routed by Host and TLS ports by SNI, so they do not capture. Per-pod names of a headless Service written into such an entry (a workaround from before Istio routed headless Services itself) build the same listener: when the headless Service does not declare the port, the replicas\' traffic to each other by pod IP matches it and all of it goes to the one pod the entry names. A headless Service\'s TCP ports get per-pod listeners (<pod IP>:<port>, one per endpoint) only in the proxies that see the Service; a caller that does not (the Service\'s exportTo leaves out its namespace, or its Sidecar\'s egress hosts leave it out) but sees the entry sends its connections to the pods on that port to the entry\'s 0.0.0.0:<port> listener, to the external host, where without the entry they would at least have passed through to the pod.',
    diagnose: [
      'istioctl proxy-config listener <pod>.<ns> --port <port>',
      'istioctl proxy-config cluster <pod>.<ns> --fqdn <entry-host>',
      'kubectl get serviceentry -A -o custom-columns=NAME:.metadata.name,HOSTS:.spec.hosts,ADDR:.spec.addresses,RES:.spec.resolution',
    ],
    fix: 'Give the ServiceEntry the addresses its hosts resolve to (or enable DNS capture with auto-allocation: ISTIO_META_DNS_CAPTURE and ISTIO_META_DNS_AUTO_ALLOCATE), declare the port as TLS or HTTP when it is, or narrow exportTo to the namespaces that call it. For per-pod names, delete the entry and declare the port in the headless Service instead.',
    sources: [
      'https://istio.io/latest/docs/reference/config/networking/service-entry/#ServiceEntry (addresses: "If the Addresses field is empty, traffic will be identified solely based on the destination port")',
      'istio/istio pilot/pkg/networking/core/listener.go (buildSidecarOutboundListener: no VIP means the 0.0.0.0:<port> bind; headless Kubernetes Services get per-pod listeners instead)',
      'istio/istio pilot/pkg/model/service.go (GetAddressForProxy: auto-allocated addresses only for proxies with DNS capture)',
      'https://istio.io/latest/docs/ops/configuration/traffic-management/dns-proxy/#address-auto-allocation',
      'https://istio.io/latest/docs/ops/configuration/traffic-management/traffic-routing/#headless-services',
      'istio/istio pilot/pkg/networking/core/listener.go (buildSidecarOutboundListeners: a headless Service\'s TCP port becomes one listener per pod IP, or per-pod /32 chains on 0.0.0.0:<port> with PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER, in the proxies that see the Service; HTTP and TCP on one 0.0.0.0:<port> are merged behind protocol sniffing, except on MongoDB and MySQL ports)',
      'https://github.com/istio/istio/issues/16233 (the TCP port of a headless Service and another service on the same port)',
      'https://github.com/istio/istio/pull/59599 (a TCP DNS ServiceEntry without addresses takes the default filter chain of 0.0.0.0:<port> when DNS capture is off)',
    ],
    messages: {
      capturesCalls: `${LISTENER}: {{caller}} calls {{other}}:{{port}}, and that connection reaches {{hosts}} instead.`,
      perPodHost: `{{entry}} lists {{host}}, a per-pod name of the headless {{service}}, with resolution {{resolution}} and no addresses: Istio already routes the pods of a headless Service itself (per-pod listeners on the ports it declares), and this entry adds a 0.0.0.0:{{port}} listener that sends every other connection on port {{port}} to that one pod.`,
      takesHeadlessPort: `${LISTENER}. Port {{port}} is also a port of the headless {{service}}, whose per-pod listeners only proxies that see {{service}} get: {{caller}} calls it ({{reference}}) but {{hiddenBy}}, so its connections to the pods of {{service}} on {{port}} reach {{hosts}} instead.`,
      perPodHostUndeclared: `{{entry}} lists {{host}}, a per-pod name of the headless {{service}}, with resolution {{resolution}} and no addresses, and {{service}} does not declare port {{port}}: the replicas' connections to each other's pod IPs on {{port}} match this entry's 0.0.0.0:{{port}} listener and all go to {{host}}.`,
    },
    fixes: {
      addAddresses: 'Add the addresses of {{hosts}} under spec.addresses, or declare port {{port}} as TLS/HTTP if it is.',
      declareInService: 'Delete the ServiceEntry and declare port {{port}} in {{service}}.',
      showHeadless: 'Add the addresses of {{hosts}} under spec.addresses, or make {{service}} visible to {{caller}} (exportTo, Sidecar egress hosts), or narrow the entry\'s exportTo.',
    },
    // The entry, its port and the per-pod host identify a finding; which caller shows the capture, and how the hosts are listed, describe it.
    volatileData: ['caller', 'other', 'hosts', 'protocol', 'reference', 'hiddenBy'],
    uses: [facts.clusterDomain, facts.externalCalls, facts.headless, facts.headlessPeers, facts.injection, facts.meshConfigs, facts.podDns, facts.sidecars],
    requires: ['ServiceEntry'],
    reads: ['Service'],
  },
  check({ model, use, report }) {
    const defaultExportTo = use(facts.meshConfigs).main?.defaultServiceExportTo ?? ['*'];
    for (const entry of model.ofKind('ServiceEntry')) {
      const resolution = (asString(entry.spec.resolution) ?? 'NONE').toUpperCase();
      // NONE forwards to the original destination; only DNS and STATIC entries send the traffic to their own hosts.
      if (resolution === 'NONE' || textList(entry.spec.addresses).length > 0) continue;
      const hosts = textList(entry.spec.hosts).map((h) => h.toLowerCase());
      const written = textList(entry.spec.exportTo);
      const exportTo = written.length > 0 ? written : defaultExportTo;
      // Only sidecars build the listener, and those with DNS capture use an auto-allocated address instead.
      const affected = model.workloads.filter(
        (w) => exportedTo(exportTo, entry.namespace, w.namespace) && use(facts.injection).of(w).injected === true && !use(facts.podDns).captured(w),
      );
      if (affected.length === 0) continue;
      for (const port of entryPorts(entry)) {
        if (!capturing(port.protocol)) continue;
        const base = { entry: entry.display, resolution, port: port.port, protocol: port.protocol === 'auto' ? 'TCP (after protocol detection)' : port.protocol, hosts: hosts.join(', ') };
        const named = checkPerPodHosts(entry, port, base);
        checkHeadlessPorts(entry, port, base, hosts, affected, named);
        const calls = affected.flatMap((w) => use(facts.externalCalls).of(w)).filter((c) => capturedCall(c, port, hosts));
        const first = calls[0];
        if (!first) continue;
        const related: RelatedTarget[] = calls.slice(0, 5).map((c) => ({ resource: c.resource, path: c.path, located: c.located, message: `${c.caller.display} calls ${c.host}:${c.port}` }));
        report({
          resource: entry,
          path: ['spec', 'ports', port.index],
          // The call is read from configuration text: evidence, not proof, that the port is shared.
          severity: 'warning',
          messageId: 'capturesCalls',
          data: { ...base, caller: first.caller.display, other: first.host },
          fixId: 'addAddresses',
          related,
        });
      }
    }

    function checkPerPodHosts(entry: Resource, port: EntryPort, base: Record<string, string | number>): Set<Resource> {
      const named = new Set<Resource>();
      textList(entry.spec.hosts).forEach((host, i) => {
        const reading = readingsOf(host.toLowerCase()).find((r) => r.pod !== undefined && r.domain !== undefined);
        if (!reading?.pod || !reading.namespace) return;
        const service = model.get('Service', reading.namespace, reading.service);
        if (!service || !use(facts.headless).isHeadless(service)) return;
        named.add(service);
        const declared = servicePorts(service).some((p) => p.port === port.port);
        const backing: readonly Workload[] = model.selectedBy(service);
        const peersInMesh = backing.some((w) => use(facts.injection).of(w).injected === true);
        // Replicas without a sidecar do not see the listener: only the other connections on the port are redirected.
        const redirectsPeers = !declared && peersInMesh;
        report({
          resource: entry,
          path: ['spec', 'hosts', i],
          severity: redirectsPeers ? 'error' : 'warning',
          messageId: redirectsPeers ? 'perPodHostUndeclared' : 'perPodHost',
          data: { ...base, host: host.toLowerCase(), service: service.display },
          fixId: 'declareInService',
          related: [{ resource: service, path: ['spec', 'ports'], message: `${service.display} is headless` }],
        });
      });
      return named;
    }

    /**
     * A headless Service's TCP port gets per-pod listeners only in proxies that see the Service;
     * a caller that does not (exportTo, Sidecar egress) but sees the entry sends its connections to
     * the pods on that port to the entry's 0.0.0.0:<port> listener. Services the entry names per pod are
     * reported by checkPerPodHosts already.
     */
    function checkHeadlessPorts(entry: Resource, port: EntryPort, base: Record<string, string | number>, hosts: string[], affected: readonly Workload[], named: Set<Resource>) {
      const domain = use(facts.clusterDomain).effective.replace(/\.$/, '').toLowerCase();
      for (const service of model.services) {
        if (named.has(service) || !use(facts.headless).isHeadless(service)) continue;
        const ports = servicePorts(service);
        const servicePort = ports.find((p) => p.port === port.port);
        // HTTP ports of a headless Service share the 0.0.0.0 listener and are routed by Host, not per pod.
        if (!servicePort || isHttpProtocol(servicePort.protocol.protocol)) continue;
        const fqdn = `${service.name}.${service.namespace}.svc.${domain}`;
        const peers = use(facts.headlessPeers).of(service);
        for (const { workload, references } of [...peers.callers, ...peers.selfCallers]) {
          if (!affected.includes(workload)) continue;
          const reference = references.find((r) => r.port === port.port || (r.port === undefined && ports.length === 1));
          if (!reference) continue;
          const egress = egressOf(workload);
          // A Sidecar that leaves out the entry's hosts leaves out its listener too.
          if (egress && !hosts.some((h) => egress.some((e) => hostAdmits(e, workload.namespace, entry.namespace, h)))) continue;
          const hiddenBy = !serviceVisibleFrom(service, workload.namespace, defaultExportTo)
            ? `${service.display} is not exported to namespace ${workload.namespace}`
            : egress && !egress.some((e) => hostAdmits(e, workload.namespace, service.namespace, fqdn))
              ? `the egress hosts of ${use(facts.sidecars).of(workload)?.sidecar.display ?? 'its Sidecar'} leave it out`
              : undefined;
          if (!hiddenBy) continue;
          report({
            resource: entry,
            path: ['spec', 'ports', port.index],
            messageId: 'takesHeadlessPort',
            // As for capturesCalls, the call is read from configuration text.
            severity: 'warning',
            data: { ...base, service: service.display, caller: workload.display, reference: reference.name, hiddenBy },
            fixId: 'showHeadless',
            related: [
              { resource: service, path: ['spec', 'ports', servicePort.index], message: `${service.display} is headless and declares port ${port.port}` },
              { resource: reference.resource, path: reference.path, located: reference.located, message: `${workload.display} calls ${reference.name}` },
            ],
          });
          break;
        }
      }
    }

    function egressOf(workload: Workload) {
      const scope = use(facts.sidecars).of(workload);
      return scope ? egressHosts(scope.sidecar) : undefined;
    }
  },
});

/** A call on the entry's port to another host, which the entry's wildcard listener takes. */
function capturedCall(call: ExternalCall, port: EntryPort, hosts: string[]): boolean {
  if (call.port !== port.port || hosts.some((h) => hostMatches(h, call.host))) return false;
  // On a port left to detection, HTTP requests are routed by Host and fall through to passthrough.
  return !(port.protocol === 'auto' && (call.scheme === 'http' || call.scheme === 'https'));
}
