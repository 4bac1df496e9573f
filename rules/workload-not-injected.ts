import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { inAmbientMesh, type InjectionVerdict } from '../src/facts/injection/injection.js';
import type { Workload } from '../src/model/workload.js';

interface Peer {
  workload: Workload;
  verdict: InjectionVerdict;
  /** the workload's side of the Service */
  role: 'backs' | 'calls';
}

const NOT_INJECTED = 'but gets no sidecar: {{reason}}. {{peers}} in the mesh, so traffic between them is plaintext, outside mTLS and policy (reset under STRICT).';

export default defineRule({
  meta: {
    id: 'workload-not-injected',
    cause: 3,
    severity: 'error',
    description: 'A workload that backs or calls a headless Service gets no sidecar while its peers are in the mesh.',
    why:
      'Istio decides injection in two layers: the webhook selectors (namespace istio-injection / istio.io/rev, pod label sidecar.istio.io/inject) and the injector itself (hostNetwork, the label or annotation value, never/alwaysInjectSelector, the policy). A pod left out talks plaintext: a STRICT PeerAuthentication on its injected peers resets the connection, and authorization keyed on identities denies it; in PERMISSIVE mode mTLS and policy are silently skipped. An explicit pod opt-out (sidecar.istio.io/inject: "false") is usually deliberate and yields a warning, as does a verdict that rests on something the input does not show. When no workload on either side of the Service is injected, nothing is reported: pods without sidecars talk plain Kubernetes networking, as they would without Istio. When the input shows no sign of Istio at all, one info finding says so instead of one per workload.',
    diagnose: [
      'kubectl get namespace -L istio-injection -L istio.io/rev',
      'kubectl -n <ns> get pod <pod> -o jsonpath="{.spec.containers[*].name}"',
      'istioctl x check-inject -n <ns> <pod>',
    ],
    fix: 'Label the namespace istio-injection=enabled (or istio.io/rev=<revision>), or give the pod template the label sidecar.istio.io/inject: "true"; remove an opt-out or hostNetwork: true; then restart the pods so the webhook sees them.',
    sources: [
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml (namespaceSelector/objectSelector per webhook entry)',
      'istio/istio pkg/kube/inject/inject.go (injectRequired: hostNetwork, label over annotation, y/yes/true/on, never/alwaysInjectSelector, policy)',
      'istio/istio pkg/kube/inject/initializer.go (IgnoredNamespaces)',
      'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/',
    ],
    messages: {
      noIstio:
        'The input shows no sign of Istio (no istiod, injection label or Istio resource), so no workload of headless {{service}} or any other will get a sidecar; if these pods should join a mesh, include the namespaces and control plane in the input.',
      backingNotInjected: `{{workload}} backs {{service}} ${NOT_INJECTED}`,
      callingNotInjected: `{{workload}} calls {{service}} ${NOT_INJECTED}`,
    },
    fixes: {
      inject: 'Inject it too: label the namespace istio-injection=enabled or the pod template sidecar.istio.io/inject: "true", and remove the opt-out that decided.',
    },
    // The workload and the Service identify a finding; why the injector skips it (the injection
    // fact's reason) and which peers are in the mesh describe it.
    volatileData: ['reason', 'peers'],
    uses: [facts.headless, facts.headlessPeers, facts.injection, facts.istioInUse],
    requires: [WORKLOAD_KINDS],
    trace: { judgedByHop: true },
    // A pod annotation the webhook cannot see is also inject-label-misplaced's warning at the same
    // spot; when peers are in the mesh this error, with them as context, is the account to keep.
    supersedes: ['inject-label-misplaced'],
  },
  check({ model, use, report }) {
    const headless = model.services.filter(use(facts.headless).isHeadless);
    if (!use(facts.istioInUse)) {
      const first = headless.find((s) => use(facts.headlessPeers).of(s).backing.length > 0);
      if (first) {
        report({
          resource: first,
          path: ['spec', 'clusterIP'],
          severity: 'info',
          messageId: 'noIstio',
          data: { service: first.display },
        });
      }
      return;
    }
    const reported = new Set<Workload>();
    for (const service of headless) {
      const { backing, callers } = use(facts.headlessPeers).of(service);
      const peer = (workload: Workload, role: Peer['role']): Peer => ({ workload, verdict: use(facts.injection).of(workload), role });
      const backers = backing.map((w) => peer(w, 'backs'));
      const calling = callers.map((c) => peer(c.workload, 'calls'));
      const check = (subject: Peer, others: Peer[]) => {
        const { workload, verdict } = subject;
        // A live pod its labels would inject is injection-out-of-date's finding: restarting it is the fix.
        if (verdict.injected !== false || verdict.stale || reported.has(workload) || inAmbientMesh(workload, model.namespace(workload.namespace))) return;
        const inMesh = others.filter((o) => o.workload !== workload && (o.verdict.injected === true || inAmbientMesh(o.workload, model.namespace(o.workload.namespace))));
        if (inMesh.length === 0) return;
        reported.add(workload);
        // A pod-level opt-out is usually deliberate and only breaks under STRICT mTLS, so it warns.
        const certain = verdict.certain && !verdict.podOptOut && inMesh.some((o) => o.verdict.certain);
        const related: RelatedTarget[] = inMesh.slice(0, 3).map((o) => ({ ...o.verdict.decidedBy, message: `${o.workload.display} ${o.role} ${service.display} and is in the mesh: ${o.verdict.reason}` }));
        const peers = inMesh.map((o) => o.workload.display).join(', ');
        report({
          ...verdict.decidedBy,
          severity: certain ? undefined : 'warning',
          messageId: subject.role === 'backs' ? 'backingNotInjected' : 'callingNotInjected',
          // "Its peer X is" or "Its peers X, Y are": the list of peers with its verb.
          data: { workload: workload.display, service: service.display, reason: verdict.reason, peers: inMesh.length === 1 ? `Its peer ${peers} is` : `Its peers ${peers} are` },
          fixId: 'inject',
          related,
        });
      };
      for (const b of backers) check(b, [...calling, ...backers]);
      for (const c of calling) check(c, backers);
    }
  },
});
