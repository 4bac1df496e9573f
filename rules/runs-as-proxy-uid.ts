import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { isIstioGateway, PROXY_CONTAINER } from '../src/facts/injection/gateways.js';
import { asObj } from '../src/load/resource.js';

const PROXY_UID = 1337;

export default defineRule({
  meta: {
    id: 'runs-as-proxy-uid',
    cause: 'beyond',
    severity: 'error',
    description: 'An application container of an injected workload runs as UID 1337, the sidecar proxy\'s user, so its traffic bypasses the sidecar (a warning when injection is unknown).',
    why:
      'The iptables rules Istio installs skip every packet sent by UID 1337, so that the proxy\'s own traffic is not captured again. An application running as 1337 is skipped too: its outbound calls leave without mTLS, routing or policy, and a STRICT server resets them.',
    diagnose: ['kubectl get pod <pod> -n <ns> -o jsonpath="{.spec.securityContext.runAsUser} {.spec.containers[*].securityContext.runAsUser}"', 'kubectl exec <pod> -n <ns> -c <container> -- id -u'],
    fix: 'Run the application under another UID (securityContext.runAsUser); 1337 is reserved for istio-proxy.',
    sources: [
      'https://istio.io/latest/docs/ops/deployment/application-requirements/#pod-requirements (UID 1337 is reserved for the sidecar proxy)',
      'istio/istio pkg/config/analysis/analyzers/deployment/pod.go (IST0144 InvalidApplicationUID, Pods and Deployments only)',
    ],
    uses: [facts.injection],
    requires: [WORKLOAD_KINDS],
  },
  check({ model, use, report }) {
    for (const workload of model.workloads) {
      const injection = use(facts.injection).of(workload);
      if (injection.injected === false || isIstioGateway(workload)) continue;
      // Whether it gets a sidecar is unknown when its namespace is not in the input: say so, at a lower severity.
      const severity = injection.injected === true ? undefined : 'warning';
      const injectedBecause = injection.injected === true ? `the pod is injected (${injection.reason})` : `if the pod gets a sidecar (${injection.reason})`;
      const podUid = asObj(workload.podSpec.securityContext)?.runAsUser;
      const inheriting: string[] = [];
      for (const container of workload.containers()) {
        if (container.name === PROXY_CONTAINER) continue;
        const own = asObj(container.container.securityContext)?.runAsUser;
        if (own === PROXY_UID) {
          report({
            resource: workload.resource,
            path: [...container.path, 'securityContext', 'runAsUser'],
            message: `Container ${container.name} of ${workload.display} runs as UID 1337, the sidecar's own user; ${injectedBecause}, iptables lets UID 1337 traffic bypass the proxy: its calls leave without mTLS.`,
            severity,
            fix: 'Set another runAsUser for this container.',
          });
        } else if (own === undefined && podUid === PROXY_UID) {
          inheriting.push(container.name);
        }
      }
      if (inheriting.length > 0) {
        report({
          resource: workload.resource,
          path: workload.specPath('securityContext', 'runAsUser'),
          message: `${workload.display} runs its containers (${inheriting.join(', ')}) as UID 1337, the sidecar's own user; ${injectedBecause}, iptables lets UID 1337 traffic bypass the proxy: their calls leave without mTLS.`,
          severity,
          fix: 'Set another pod-level runAsUser (or one per container).',
        });
      }
    }
  },
});
