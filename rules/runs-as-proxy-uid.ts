import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { isIstioGateway, PROXY_CONTAINER } from '../src/facts/injection/gateways.js';
import { asObj } from '../src/load/resource.js';

const PROXY_UID = 1337;
const INJECTED = 'the pod is injected ({{reason}})';
const MAY_BE_INJECTED = 'if the pod gets a sidecar ({{reason}})';
const BYPASS = 'iptables lets UID 1337 traffic bypass the proxy';

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
    messages: {
      containerRunsAsProxyUid: `Container {{container}} of {{workload}} runs as UID 1337, the sidecar's own user; ${INJECTED}, ${BYPASS}: its calls leave without mTLS.`,
      containerMayRunAsProxyUid: `Container {{container}} of {{workload}} runs as UID 1337, the sidecar's own user; ${MAY_BE_INJECTED}, ${BYPASS}: its calls leave without mTLS.`,
      podRunsAsProxyUid: `{{workload}} runs its containers ({{containers}}) as UID 1337, the sidecar's own user; ${INJECTED}, ${BYPASS}: their calls leave without mTLS.`,
      podMayRunAsProxyUid: `{{workload}} runs its containers ({{containers}}) as UID 1337, the sidecar's own user; ${MAY_BE_INJECTED}, ${BYPASS}: their calls leave without mTLS.`,
    },
    fixes: {
      containerUid: 'Set another runAsUser for this container.',
      podUid: 'Set another pod-level runAsUser (or one per container).',
    },
    // Why the pod is (or may be) injected describes the finding, and so does the list of containers that inherit the
    // pod's UID (adding one does not make another finding); the workload and container identify it.
    volatileData: ['reason', 'containers'],
    uses: [facts.injection],
    requires: [WORKLOAD_KINDS],
  },
  check({ model, use, report }) {
    for (const workload of model.workloads) {
      const injection = use(facts.injection).of(workload);
      if (injection.injected === false || isIstioGateway(workload)) continue;
      // Whether it gets a sidecar is unknown when its namespace is not in the input: say so, at a lower severity.
      const known = injection.injected === true;
      const severity = known ? undefined : 'warning';
      const podUid = asObj(workload.podSpec.securityContext)?.runAsUser;
      const inheriting: string[] = [];
      for (const container of workload.containers()) {
        if (container.name === PROXY_CONTAINER) continue;
        const own = asObj(container.container.securityContext)?.runAsUser;
        if (own === PROXY_UID) {
          report({
            resource: workload.resource,
            path: [...container.path, 'securityContext', 'runAsUser'],
            messageId: known ? 'containerRunsAsProxyUid' : 'containerMayRunAsProxyUid',
            data: { container: container.name, workload: workload.display, reason: injection.reason },
            severity,
            fixId: 'containerUid',
          });
        } else if (own === undefined && podUid === PROXY_UID) {
          inheriting.push(container.name);
        }
      }
      if (inheriting.length > 0) {
        report({
          resource: workload.resource,
          path: workload.specPath('securityContext', 'runAsUser'),
          messageId: known ? 'podRunsAsProxyUid' : 'podMayRunAsProxyUid',
          data: { workload: workload.display, containers: inheriting.join(', '), reason: injection.reason },
          severity,
          fixId: 'podUid',
        });
      }
    }
  },
});
