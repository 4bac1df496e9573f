import { facts } from '../src/facts/index.js';
import { allowTrafficRepair } from '../src/fix/repairs.js';
import { defineRule } from '../src/engine/rule.js';
import { XDS_PORT } from '../src/facts/network/istiod-reachability.js';
import { describeBlock, relatedOf, severityOf } from '../src/netpol/findings.js';
import { podGroupDisplay } from '../src/netpol/pods.js';

const TO_ISTIOD = 'istiod {{istiod}} on TCP {{port}}: {{block}}. The sidecar cannot get its configuration or certificate, so the pods never become ready.';

export default defineRule({
  meta: {
    id: 'netpol-blocks-istiod',
    cause: 5,
    severity: 'error',
    description: 'A NetworkPolicy keeps a meshed workload from reaching istiod on TCP 15012.',
    why:
      'The istio-proxy sidecar fetches its configuration (xDS) and its workload certificate from istiod on TCP 15012. When the pod is egress-isolated without an allowance to the istiod pods, or istiod is ingress-isolated without one for the pod, the proxy never becomes ready: the pod stays unready, and callers of the headless Service get connection resets or 503s.',
    diagnose: [
      'kubectl -n <ns> get networkpolicy -o yaml',
      'istioctl proxy-status',
      'kubectl -n <ns> logs <pod> -c istio-proxy | grep -i "15012\\|xds"',
      'npx headless-lint reach <manifests> --from <ns>/<workload> --to istio-system/istiod --port 15012',
    ],
    fix: 'Allow egress from the meshed pods to the istiod pods on TCP 15012 (one peer: namespaceSelector kubernetes.io/metadata.name=istio-system AND podSelector app=istiod), and ingress to istiod on 15012 from the mesh namespaces.',
    sources: [
      'https://istio.io/latest/docs/ops/deployment/application-requirements/ (ports used by Istio: 15012 XDS and CA services, TLS and mTLS)',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/ (isolation, both ends must allow)',
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/service.yaml (15012 https-dns: xDS and certificates over TLS; 443 https-webhook -> targetPort 15017)',
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/networkpolicy.yaml (istiod admits xDS on 15012 from every namespace)',
    ],
    messages: {
      blocked: `{{workload}} gets an Istio sidecar ({{reason}}) but cannot reach ${TO_ISTIOD}`,
      mayBeBlocked: `{{workload}} gets an Istio sidecar ({{reason}}) but may not reach ${TO_ISTIOD}`,
    },
    fixes: {
      allowXds: 'Allow TCP {{port}} from {{namespace}} to the istiod pods in {{istiodNamespace}} (egress of these pods and ingress of istiod).',
    },
    fixable: {
      suggestions: 'A NetworkPolicy rule admits every pod the policy selects, not only the workload reported, and the ingress side of istiod opens it to the pods named: a wider opening than the finding, so it is a suggestion. The rule added is the narrowest that cures it: one peer with both the namespace and the pod labels, only TCP 15012. Offered only for a certain denial.',
    },
    // The workload, istiod's pods and the port identify the finding; why the workload is injected
    // and the block (describeBlock's account of the policies) describe it.
    volatileData: ['reason', 'block'],
    uses: [facts.injection, facts.istiodReachability],
    requires: ['NetworkPolicy'],
    trace: { judgedByHop: true },
  },
  check({ model, use, report }) {
    for (const workload of model.workloads) {
      const reach = use(facts.istiodReachability).of(workload);
      if (!reach.needs) continue;
      for (const { istiod, verdict } of reach.paths) {
        const severity = severityOf(verdict, istiod.group.assumed ? 'warning' : 'error', 'warning');
        if (!severity) continue;
        report({
          resource: workload.resource,
          path: ['metadata', 'name'],
          severity,
          messageId: verdict.allowed === 'unknown' ? 'mayBeBlocked' : 'blocked',
          data: {
            workload: workload.display,
            reason: use(facts.injection).of(workload).reason,
            istiod: podGroupDisplay(istiod.group),
            port: XDS_PORT,
            block: describeBlock(verdict, XDS_PORT),
            namespace: workload.namespace,
            istiodNamespace: istiod.group.namespace,
          },
          fixId: 'allowXds',
          ...allowTrafficRepair(verdict, { namespace: workload.namespace, labels: workload.labels }, istiod.group, [{ protocol: 'TCP', port: XDS_PORT }], 'allowXds'),
          related: relatedOf(verdict, XDS_PORT),
        });
        break;
      }
    }
  },
});
