import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { httpProbes, probeRewrite, REWRITE_PROBES_ANNOTATION } from '../src/facts/transport/http-probes.js';
import { inboundExclusion } from '../src/facts/transport/inbound-capture.js';
import { describeMtls } from '../src/facts/transport/mtls.js';

const PROBE = 'The {{probe}} of container {{container}} in {{workload}} (behind headless {{service}}) sends HTTP to port {{port}}, which requires mTLS: {{mtls}}.';
const REJECTED = "so kubelet's plaintext probe is rejected by the sidecar";
const REJECTED_BY_ANNOTATION = `${PROBE} Probe rewriting is off (its pod template sets ${REWRITE_PROBES_ANNOTATION}: "false"), ${REJECTED}`;
const REJECTED_BY_VALUES = `${PROBE} Probe rewriting is off (the injector values set sidecarInjectorWebhook.rewriteAppHTTPProbe: false), ${REJECTED}`;

export default defineRule({
  meta: {
    id: 'probe-rewrite-disabled-strict',
    cause: 'beyond',
    severity: 'error',
    description: 'HTTP probe rewriting is turned off and an HTTP probe of a headless Service\'s pods targets a port that requires mTLS (STRICT).',
    why:
      "kubelet sends HTTP probes from the node, in plaintext and without an Istio certificate. The injector normally rewrites httpGet probes to the sidecar agent (port 15020), which calls the application from inside the pod. With sidecar.istio.io/rewriteAppHTTPProbers: \"false\" on the pod template, or sidecarInjectorWebhook.rewriteAppHTTPProbe: false in the injector values (the annotation wins), the probe goes through the sidecar, which under STRICT mTLS rejects it. A failing readiness probe keeps the pod out of the endpoints, so it leaves the headless Service's DNS answer and its per-pod name; a failing liveness or startup probe restarts it again and again.",
    diagnose: [
      'kubectl describe pod <pod> -n <ns> | grep -A3 -i "readiness\\|liveness"',
      'kubectl get pod <pod> -n <ns> -o jsonpath="{.spec.containers[*].readinessProbe}"',
      'istioctl x describe pod <pod> -n <ns>',
    ],
    fix: `Remove the ${REWRITE_PROBES_ANNOTATION}: "false" annotation (or set sidecarInjectorWebhook.rewriteAppHTTPProbe back to true), use an exec or TCP probe, or set a PERMISSIVE portLevelMtls for the probe port.`,
    sources: [
      'https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/',
      'istio/istio pkg/kube/inject/app_probe.go (ShouldRewriteAppHTTPProbers: the annotation, read with strconv.ParseBool, overrides the injector value)',
      'istio/istio manifests/charts/istio-control/istio-discovery/values.yaml (sidecarInjectorWebhook.rewriteAppHTTPProbe: true)',
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/ (only ready pods are published unless publishNotReadyAddresses)',
    ],
    messages: {
      podNeverReady: `${REJECTED_BY_ANNOTATION}: the pod never becomes ready and leaves the headless DNS answer.`,
      podNeverReadyInjectorWide: `${REJECTED_BY_VALUES}: the pod never becomes ready and leaves the headless DNS answer.`,
      containerRestarts: `${REJECTED_BY_ANNOTATION} and the container is restarted.`,
      containerRestartsInjectorWide: `${REJECTED_BY_VALUES} and the container is restarted.`,
    },
    fixes: {
      rewriteOrPermissive: 'Let the injector rewrite the probe (remove the setting that turns it off), or set a PERMISSIVE portLevelMtls for port {{port}}.',
    },
    // Which PeerAuthentication makes the port STRICT describes the finding; the workload, probe and port identify it.
    volatileData: ['mtls'],
    uses: [facts.headlessPeers, facts.injection, facts.injectors, facts.mtls],
    requires: [WORKLOAD_KINDS],
  },
  check({ use, report }) {
    for (const [workload, roles] of use(facts.headlessPeers).roles) {
      const service = roles.find((r) => r.role === 'backing')?.service;
      const verdict = use(facts.injection).of(workload);
      if (!service || verdict.injected !== true) continue;
      const injector = use(facts.injectors).find((i) => i.revision === (verdict.revision ?? 'default')) ?? use(facts.injectors).find((i) => i.revision === 'default');
      const rewrite = probeRewrite(workload, injector);
      if (rewrite.enabled || !rewrite.decidedBy) continue;
      for (const probe of httpProbes(workload)) {
        if (probe.port === undefined || inboundExclusion(workload, probe.port)) continue;
        const mode = use(facts.mtls).modeOf(workload, probe.port);
        if (mode.mode !== 'STRICT') continue;
        const byAnnotation = rewrite.decidedBy.resource === workload.resource;
        const readiness = probe.kind === 'readinessProbe';
        report({
          resource: workload.resource,
          path: probe.path,
          messageId: readiness ? (byAnnotation ? 'podNeverReady' : 'podNeverReadyInjectorWide') : byAnnotation ? 'containerRestarts' : 'containerRestartsInjectorWide',
          data: { probe: probe.kind, container: probe.container, workload: workload.display, service: service.display, port: probe.port, mtls: describeMtls(mode) },
          fixId: 'rewriteOrPermissive',
          related: [
            { resource: rewrite.decidedBy.resource, path: rewrite.decidedBy.path, located: rewrite.decidedBy.located, message: 'HTTP probe rewriting is turned off here' },
            ...(mode.decidedBy ? [{ ...mode.decidedBy, message: `mTLS ${describeMtls(mode)}` }] : []),
          ],
        });
      }
    }
  },
});
