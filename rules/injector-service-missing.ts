import { defineRule } from '../src/engine/rule.js';
import { facts } from '../src/facts/index.js';
import { servicePorts } from '../src/facts/headless/service-ports.js';
import { describeEntry } from '../src/facts/injection/injector-webhooks.js';
import { closest } from '../src/util/did-you-mean.js';

export default defineRule({
  meta: {
    id: 'injector-service-missing',
    cause: 3,
    severity: 'error',
    description: "A sidecar injector webhook calls a Service that the input's control plane does not define, or a port that Service does not declare.",
    why:
      "The API server calls an injector webhook through `clientConfig.service`: that namespace, name and port (443 when not given), routed by the Service to istiod's port 15017. When the Service or the port is missing, every call fails. With `failurePolicy: Fail` (the chart's setting, and the default of admissionregistration.k8s.io/v1) the API server then refuses to create each pod the webhook selects (\"failed calling webhook ... service not found\"): a StatefulSet stops at the first replica it has to create, and a rolling update stops at the first pod it replaces. With `Ignore` the pods are created without a sidecar, silently, and talk plaintext to their injected peers. This happens after a revision is removed while its webhook or revision tag stays, or when a webhook is copied to another install namespace. Judged only where the input holds Services of the webhook's namespace: a control plane installed apart, or shown by its istiod Deployment alone, is not judged.",
    diagnose: [
      'kubectl get mutatingwebhookconfiguration <name> -o jsonpath="{.webhooks[*].clientConfig.service}"',
      'kubectl -n istio-system get svc -l app=istiod',
      'kubectl get events -A --field-selector reason=FailedCreate',
      'istioctl analyze (IST0139)',
    ],
    fix: "Point `clientConfig.service` at the istiod Service of the revision the webhook serves (istiod, or istiod-<revision>) and a port it declares (443), or delete the webhook of a removed revision (`istioctl tag remove <tag>` for a revision tag).",
    sources: [
      'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#failure-policy',
      'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#service-reference',
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml (service istiod[-<revision>], port 443, failurePolicy Fail)',
      'istio/istio pkg/config/analysis/analyzers/webhook/webhook.go (istioctl analyze IST0139: "Injector refers to a control plane service that does not exist")',
    ],
    messages: {
      serviceMissing:
        '{{webhook}} calls Service {{service}}, which namespace {{namespace}} does not have{{suggestion}}: with failurePolicy Fail the API server refuses every pod the webhook selects, so a StatefulSet stops at the first replica it creates.',
      serviceMissingIgnored:
        '{{webhook}} calls Service {{service}}, which namespace {{namespace}} does not have{{suggestion}}: with failurePolicy Ignore every pod the webhook selects is created without a sidecar.',
      portMissing:
        '{{webhook}} calls Service {{service}} on port {{port}}, which it does not declare (it declares {{declared}}): every call fails, and with failurePolicy {{policy}} {{effect}}.',
    },
    fixes: {
      nameService: 'Name the istiod Service of the revision this webhook serves{{suggestion}}, or delete the webhook of a removed revision.',
      declaredPort: 'Call a port {{service}} declares ({{declared}}); the chart uses 443.',
    },
    volatileData: ['suggestion', 'declared'],
    uses: [facts.injectorWebhooks],
    reads: ['Service'],
    requires: ['MutatingWebhookConfiguration'],
  },
  check({ model, use, report }) {
    for (const entry of use(facts.injectorWebhooks)) {
      const wanted = entry.service;
      if (!wanted) continue;
      const data = { webhook: describeEntry(entry), service: `${wanted.namespace}/${wanted.name}`, namespace: wanted.namespace };
      const service = model.get('Service', wanted.namespace, wanted.name);
      if (!service) {
        const inNamespace = model.services.filter((s) => s.namespace === wanted.namespace).map((s) => s.name);
        // Only a namespace whose Services the input shows is judged: an istiod Deployment alone is often an excerpt.
        if (inNamespace.length === 0) continue;
        const near = closest(wanted.name, inNamespace);
        const suggestion = near ? ` (did you mean ${near}?)` : '';
        const fail = entry.failurePolicy === 'Fail';
        report({
          resource: entry.configuration,
          path: [...entry.path, 'clientConfig', 'service', 'name'],
          messageId: fail ? 'serviceMissing' : 'serviceMissingIgnored',
          severity: fail ? undefined : 'warning',
          data: { ...data, suggestion },
          fixId: 'nameService',
        });
        continue;
      }
      const ports = servicePorts(service).map((p) => p.port);
      // A Service without ports is an excerpt (istioctl analyze's test inputs): nothing to compare.
      if (ports.length === 0 || ports.includes(wanted.port)) continue;
      const declared = ports.join(', ');
      const fail = entry.failurePolicy === 'Fail';
      report({
        resource: entry.configuration,
        path: [...entry.path, 'clientConfig', 'service', 'port'],
        messageId: 'portMissing',
        severity: fail ? undefined : 'warning',
        data: { ...data, port: wanted.port, declared, policy: entry.failurePolicy, effect: fail ? 'the API server refuses every pod the webhook selects' : 'those pods are created without a sidecar' },
        fixId: 'declaredPort',
        related: [{ resource: service, path: ['spec', 'ports'], message: `${service.display} declares ${declared}` }],
      });
    }
  },
});
