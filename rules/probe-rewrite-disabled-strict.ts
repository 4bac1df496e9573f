import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { httpProbes, probeRewrite, REWRITE_PROBES_ANNOTATION } from '../src/facts/transport/http-probes.js';
import { inboundExclusion } from '../src/facts/transport/inbound-capture.js';
import { describeMtls } from '../src/facts/transport/mtls.js';

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
    uses: [facts.headlessPeers, facts.injection, facts.injectors, facts.mtls],
    requires: [WORKLOAD_KINDS],
  },
  check({ model, use, report }) {
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
        const off = rewrite.decidedBy.resource === workload.resource ? `its pod template sets ${REWRITE_PROBES_ANNOTATION}: "false"` : 'the injector values set sidecarInjectorWebhook.rewriteAppHTTPProbe: false';
        report({
          resource: workload.resource,
          path: probe.path,
          message: `The ${probe.kind} of container ${probe.container} in ${workload.display} (behind headless ${service.display}) sends HTTP to port ${probe.port}, which requires mTLS: ${describeMtls(mode)}. Probe rewriting is off (${off}), so kubelet's plaintext probe is rejected by the sidecar${probe.kind === 'readinessProbe' ? ': the pod never becomes ready and leaves the headless DNS answer' : ' and the container is restarted'}.`,
          fix: `Let the injector rewrite the probe (remove the setting that turns it off), or set a PERMISSIVE portLevelMtls for port ${probe.port}.`,
          related: [
            { resource: rewrite.decidedBy.resource, path: rewrite.decidedBy.path, located: rewrite.decidedBy.located, message: 'HTTP probe rewriting is turned off here' },
            ...(mode.decidedBy ? [{ ...mode.decidedBy, message: `mTLS ${describeMtls(mode)}` }] : []),
          ],
        });
      }
    }
  },
});
