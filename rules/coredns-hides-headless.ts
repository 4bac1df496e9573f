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
  /** what the option does, given the hidden Services' names */
  effect: (names: string, its: string) => string;
  fix: string;
}

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
          message: `The CoreDNS kubernetes plugin in ${resource.display} ${h.effect(`${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`, names.length > 1 ? 'their' : 'its')}.`,
          fix: h.fix,
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
    return [
      {
        at: d.name,
        hidden,
        effect: (names, its) => `serves only namespaces ${[...listed].join(', ')}, so headless ${names} and ${its} per-pod names get NXDOMAIN`,
        fix: `Add the namespaces to \`namespaces\` (${[...new Set(hidden.map((s) => s.namespace))].join(' ')}) or remove the option.`,
      },
    ];
  }
  if (option === 'labels' && d.args.length > 0) {
    const selector = parseSelectorString(d.args.map((a) => a.text).join(' '));
    if (!selector) return [];
    return [
      {
        at: d.name,
        hidden: headless.filter((s) => !matches(selector, s.labels)),
        effect: (names, its) => `serves only objects whose labels match \`${d.args.map((a) => a.text).join(' ')}\`, so headless ${names}, whose labels do not, and ${its} per-pod names get NXDOMAIN`,
        fix: 'Label the Services (and so their EndpointSlices) to match the selector, or remove the option.',
      },
    ];
  }
  if (option === 'noendpoints') {
    return [
      {
        at: d.name,
        hidden: headless,
        effect: (names) => `has \`noendpoints\`: it does not watch endpoints, so every headless query and per-pod name gets NXDOMAIN, those of ${names} included`,
        fix: 'Remove `noendpoints`; headless Services are answered from their endpoints.',
      },
    ];
  }
  if (option === 'ignore' && d.args[0]?.text === 'empty_service') {
    // publishNotReadyAddresses lists pods as soon as they have an IP, so the Service is never empty while pods run.
    const exposed = headless.filter((s) => s.spec.publishNotReadyAddresses !== true);
    const effect = (names: string) =>
      `has \`ignore empty_service\`: a Service without a ready endpoint gets NXDOMAIN, so while no pod of headless ${names} is ready its name does not resolve`;
    const fix = 'Set publishNotReadyAddresses: true on the headless Service, or remove `ignore empty_service`.';
    const [bootstrapping, others] = partition(exposed, mustBootstrapUnready);
    return [
      { at: d.name, hidden: bootstrapping, effect: (names) => `${effect(names)}, and its clustered pods become ready only after they have found each other by those names, so they never do`, fix },
      { at: d.name, severity: 'warning', hidden: others, effect: (names) => `${effect(names)} (at start-up, or whenever every pod fails its readiness probe)`, fix },
    ];
  }
  return [];
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((i) => !test(i))];
}
