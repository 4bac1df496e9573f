import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget, Severity } from '../src/engine/types.js';
import { isPlaceholder, serverFor, type Directive, type Token } from '../src/text/corefile.js';
import { matches } from '../src/model/selector.js';
import { parseSelectorString } from '../src/text/selector-string.js';
import { asObj, type Resource } from '../src/load/resource.js';
import { clusteredSystemOf } from '../src/knowledge/clustered-systems.js';

const COREFILE = ['data', 'Corefile'];

interface Hiding {
  /** the option's token to point at */
  at: Token;
  severity?: Severity;
  hidden: Resource[];
  messageId: string;
  fixId: string;
  /** what identifies the option: its namespaces or selector */
  data?: Record<string, string>;
}

const PLUGIN = 'The CoreDNS kubernetes plugin in {{coredns}}';
const EMPTY_SERVICE = `${PLUGIN} has \`ignore empty_service\`: a Service without a ready endpoint gets NXDOMAIN, so while no pod of headless {{services}} is ready its name does not resolve`;

export default defineRule({
  meta: {
    id: 'coredns-hides-headless',
    cause: 6,
    severity: 'error',
    description: "The CoreDNS kubernetes plugin's namespaces, labels, noendpoints or ignore empty_service option hides a headless Service or its per-pod records.",
    why:
      "A headless Service exists in DNS only through CoreDNS' kubernetes plugin: its name answers with the pod IPs and each pod gets `<hostname>.<svc>.<ns>.svc.<domain>`. The plugin's options filter that: `namespaces` serves only the listed namespaces, `labels` only objects matching the selector, `noendpoints` stops watching endpoints so every headless query and per-pod name is NXDOMAIN, and `ignore empty_service` answers NXDOMAIN while a Service has no ready endpoint, which is exactly when StatefulSet peers look each other up during bootstrap: an error when the governed StatefulSet runs a clustered system with a readiness probe (it can never become ready), a warning otherwise. The names fail in the whole cluster, with or without Istio, and Istio's DNS proxy forwards what it does not know to CoreDNS.",
    diagnose: [
      'kubectl -n kube-system get configmap coredns -o jsonpath="{.data.Corefile}"',
      'kubectl run -it --rm dnstest --image=busybox:1.36 --restart=Never -- nslookup <svc>.<ns>.svc.<domain>',
      'kubectl -n <ns> get endpointslices -l kubernetes.io/service-name=<svc>',
    ],
    fix: 'Remove the option from the kubernetes block (or add the namespace / label the Service so the selector matches); for ignore empty_service, set publishNotReadyAddresses: true on the headless Service or drop the option.',
    sources: [
      'https://coredns.io/plugins/kubernetes/ (coredns/coredns plugin/kubernetes/README.md: namespaces, labels, noendpoints, ignore empty_service)',
      'coredns/coredns corefile.5.md (a query goes to the server block with the longest matching zone)',
      'k8s.io/apimachinery pkg/labels/selector.go (the selector string syntax `labels` takes)',
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
    ],
    messages: {
      namespaceNotServed: `${PLUGIN} serves only namespaces {{namespaces}}, so headless {{services}} and {{its}} per-pod names get NXDOMAIN.`,
      labelsNotMatched: `${PLUGIN} serves only objects whose labels match \`{{selector}}\`, so headless {{services}}, whose labels do not, and {{its}} per-pod names get NXDOMAIN.`,
      noEndpoints: `${PLUGIN} has \`noendpoints\`: it does not watch endpoints, so every headless query and per-pod name gets NXDOMAIN, those of {{services}} included.`,
      emptyServiceBlocksBootstrap: `${EMPTY_SERVICE}, and its clustered pods become ready only after they have found each other by those names, so they never do.`,
      emptyServiceWhileUnready: `${EMPTY_SERVICE} (at start-up, or whenever every pod fails its readiness probe).`,
    },
    fixes: {
      addNamespaces: 'Add the namespaces to `namespaces` ({{missing}}) or remove the option.',
      labelServices: 'Label the Services (and so their EndpointSlices) to match the selector, or remove the option.',
      removeNoEndpoints: 'Remove `noendpoints`; headless Services are answered from their endpoints.',
      publishNotReady: 'Set publishNotReadyAddresses: true on the headless Service, or remove `ignore empty_service`.',
    },
    // The option (its namespaces or selector) identifies a finding; the Services it hides are the
    // other objects, listed (first five, "and N more") with the pronoun their count takes.
    volatileData: ['services', 'its', 'missing'],
    uses: [facts.clusterDomain, facts.headless],
    requires: ['ConfigMap', 'Service'],
    trace: { scope: 'cluster' },
  },
  check({ model, use, report }) {
    const headless = model.services.filter(use(facts.headless).isHeadless);
    if (headless.length === 0) return;
    const domain = use(facts.clusterDomain).effective;
    // A clustered StatefulSet with a readiness probe has no ready endpoint until its peers meet.
    const bootstrapsUnready = (s: Resource) => model.governedBy(s).some((w) => clusteredSystemOf(w) !== undefined && w.containers().some((c) => asObj(c.container.readinessProbe)));
    for (const { resource, blocks, plugins } of use(facts.clusterDomain).coredns) {
      const plugin = plugins.find((p) => p.server === serverFor(blocks, `svc.${domain}`));
      if (!plugin) continue;
      const options = plugin.directive.block;
      if (options.some((d) => [d.name, ...d.args].some((t) => isPlaceholder(t.text)))) continue;
      for (const h of options.flatMap((d) => hidings(d, headless, bootstrapsUnready))) {
        if (h.hidden.length === 0) continue;
        const names = h.hidden.map((s) => s.display);
        const related: RelatedTarget[] = h.hidden.slice(0, 3).map((s) => ({ resource: s, path: ['metadata', 'name'], message: `headless ${s.display}` }));
        report({
          resource,
          located: resource.locateInText(COREFILE, h.at.line, h.at.column, h.at.text.length),
          severity: h.severity,
          messageId: h.messageId,
          data: { coredns: resource.display, ...h.data, services: `${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`, its: names.length > 1 ? 'their' : 'its' },
          fixId: h.fixId,
          related,
        });
      }
    }
  },
});

function hidings(d: Directive, headless: Resource[], mustBootstrapUnready: (s: Resource) => boolean): Hiding[] {
  const option = d.name.text;
  if (option === 'namespaces' && d.args.length > 0) {
    const listed = new Set(d.args.map((a) => a.text));
    const hidden = headless.filter((s) => !listed.has(s.namespace));
    const missing = [...new Set(hidden.map((s) => s.namespace))].join(' ');
    return [{ at: d.name, hidden, messageId: 'namespaceNotServed', fixId: 'addNamespaces', data: { namespaces: [...listed].join(', '), missing } }];
  }
  if (option === 'labels' && d.args.length > 0) {
    const selector = parseSelectorString(d.args.map((a) => a.text).join(' '));
    if (!selector) return [];
    const hidden = headless.filter((s) => !matches(selector, s.labels));
    return [{ at: d.name, hidden, messageId: 'labelsNotMatched', fixId: 'labelServices', data: { selector: d.args.map((a) => a.text).join(' ') } }];
  }
  if (option === 'noendpoints') {
    return [{ at: d.name, hidden: headless, messageId: 'noEndpoints', fixId: 'removeNoEndpoints' }];
  }
  if (option === 'ignore' && d.args[0]?.text === 'empty_service') {
    // publishNotReadyAddresses lists pods as soon as they have an IP, so the Service is never empty while pods run.
    const exposed = headless.filter((s) => s.spec.publishNotReadyAddresses !== true);
    const [bootstrapping, others] = partition(exposed, mustBootstrapUnready);
    return [
      { at: d.name, hidden: bootstrapping, messageId: 'emptyServiceBlocksBootstrap', fixId: 'publishNotReady' },
      { at: d.name, severity: 'warning', hidden: others, messageId: 'emptyServiceWhileUnready', fixId: 'publishNotReady' },
    ];
  }
  return [];
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((i) => !test(i))];
}
