import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { describeBlock, relatedOf, severityOf } from '../src/netpol/findings.js';

const WEBHOOK_PORT = 15017;
const WEBHOOK = 'the injection webhook of {{istiod}} on TCP {{port}}: {{block}}. New pods get no sidecar, or are not created at all.';

export default defineRule({
  meta: {
    id: 'netpol-blocks-injector',
    cause: 5,
    severity: 'warning',
    description: "istiod's pods are ingress-isolated without admitting the API server on TCP 15017 (the injection webhook).",
    why:
      "The API server calls istiod's sidecar-injection webhook through the istiod Service (port 443, target port 15017) when pods are created. The API server is not a pod: it runs on the host network of the control-plane nodes or outside the cluster, so podSelectors and namespaceSelectors do not reliably match it. When istiod's pods are ingress-isolated and no rule admits 15017 from outside the pod network, the webhook times out: pods are created without a sidecar (failurePolicy Ignore) or not at all (Fail), and the headless Service's pods drop out of the mesh.",
    diagnose: [
      'kubectl -n istio-system get networkpolicy -o yaml',
      'kubectl get mutatingwebhookconfiguration -l app=sidecar-injector -o yaml',
      'kubectl get events -A --field-selector reason=FailedCreate | grep -i webhook',
    ],
    fix: "Admit TCP 15017 to istiod from every source (a rule with ports but no from), or from an ipBlock covering the API server's and nodes' addresses. Name port 15017, not the Service port 443.",
    sources: [
      'https://istio.io/latest/docs/ops/deployment/application-requirements/ (15017: webhook container port, forwarded from 443)',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/ (hostNetwork pods and node traffic; ipBlock)',
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/service.yaml (15012 https-dns: xDS and certificates over TLS; 443 https-webhook -> targetPort 15017)',
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/networkpolicy.yaml (the chart admits 15017 from kube-system by namespaceSelector, which matches only where the plugin treats host-network traffic as pod traffic)',
    ],
    messages: {
      blocked: `The API server cannot reach ${WEBHOOK}`,
      mayBeBlocked: `The API server may not reach ${WEBHOOK}`,
    },
    fixes: {
      admitWebhook: "Add an ingress rule to istiod's policy with ports [{port: {{port}}, protocol: TCP}] and no from, or from an ipBlock covering the API server.",
    },
    // istiod and the port identify the finding; the block is describeBlock's account of the policies.
    volatileData: ['block'],
    uses: [facts.istiods, facts.netpol],
    requires: ['NetworkPolicy'],
    trace: { hops: ['mesh', 'network'], scope: 'cluster' },
  },
  check({ use, report }) {
    const netpol = use(facts.netpol);
    for (const istiod of use(facts.istiods)) {
      const group = netpol.groupOf(istiod.workload);
      if (!group || netpol.isolatedBy(group, 'ingress').length === 0) continue;
      const verdict = netpol.evaluate({ kind: 'pods', group: netpol.apiServer }, { kind: 'pods', group }, 'TCP', WEBHOOK_PORT);
      const severity = severityOf(verdict, 'warning', 'info');
      if (!severity) continue;
      report({
        resource: istiod.workload.resource,
        path: ['metadata', 'name'],
        severity,
        messageId: verdict.allowed === 'unknown' ? 'mayBeBlocked' : 'blocked',
        data: { istiod: istiod.workload.display, port: WEBHOOK_PORT, block: describeBlock(verdict, WEBHOOK_PORT) },
        fixId: 'admitWebhook',
        related: relatedOf(verdict, WEBHOOK_PORT),
      });
    }
  },
});
