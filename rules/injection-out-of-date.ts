import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { isLivePod, PROXY_CONTAINER } from '../src/facts/injection/sidecar-evidence.js';

const normalize = (revision: string | undefined) => (revision === undefined || revision === '' ? 'default' : revision);

export default defineRule({
  meta: {
    id: 'injection-out-of-date',
    cause: 3,
    severity: 'error',
    description: 'What a pod runs disagrees with what its injection labels decide now: a live pod without the sidecar its namespace injects, or a pod injected for another revision.',
    why:
      "The injector webhook runs only when a pod is created. A pod created before its namespace was labelled for injection (or while the webhook was unreachable, its failurePolicy being Ignore) keeps running without istio-proxy: it talks plaintext, STRICT peers reset it, and AuthorizationPolicies keyed on identities deny it, while every manifest and label says it is in the mesh. Likewise a pod injected for one revision (by hand with istioctl kube-inject, or before the namespace's istio.io/rev label changed) runs that revision's proxy and settings; when the webhook of the revision the labels select sees a hand-injected template, it strips the injected containers and injects its own (pkg/kube/inject/inject.go stripPod), so the proxy settings the manifest shows are not the ones that run.",
    diagnose: [
      'kubectl -n <ns> get pod <pod> -o jsonpath="{.spec.containers[*].name} {.spec.initContainers[*].name}"',
      'kubectl get namespace <ns> -L istio-injection -L istio.io/rev',
      'istioctl x check-inject -n <ns> <pod>',
      'kubectl -n <ns> get pod <pod> -o jsonpath="{.metadata.annotations.sidecar\\.istio\\.io/status}"',
    ],
    fix: 'Recreate the pods so the webhook injects them as the labels say: kubectl rollout restart on their Deployment, StatefulSet or DaemonSet (delete a bare Pod and create it again). For a template injected by hand, re-run istioctl kube-inject for the revision the namespace selects, or apply the plain manifest and let the webhook inject it.',
    sources: [
      'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/ (injection happens at pod creation; restart existing pods)',
      'istio/istio pkg/kube/inject/webhook.go (the webhook mutates pods on CREATE)',
      'istio/istio pkg/kube/inject/inject.go (stripPod: a previously injected pod is stripped and re-injected)',
      'https://istio.io/latest/docs/setup/upgrade/canary/ (pods keep the revision they were injected with until restarted)',
    ],
    messages: {
      podWithoutSidecar: '{{pod}} runs without the {{proxy}} sidecar although {{reason}}: it was created before that label or the injector webhook, and pods are injected only when they are created. It stays outside the mesh until it is recreated.',
      livePodOtherRevision: '{{pod}} runs the sidecar of revision "{{injected}}" but its labels now select revision "{{selected}}" ({{reason}}): it keeps the old proxy until it is recreated.',
      templateOtherRevision: '{{workload}} was injected by hand for revision "{{injected}}", but {{reason}}, so that revision\'s webhook ("{{selected}}") strips and re-injects its pods when they are created: the injected containers in the manifest are not what runs.',
    },
    fixes: {
      restart: 'Recreate the pod: kubectl rollout restart the workload that owns it (or delete and recreate a bare Pod).',
      reinject: 'Inject it for revision "{{selected}}" (istioctl kube-inject --revision {{selected}}), or apply the manifest without the injected containers and let the webhook inject it.',
    },
    // The injection labels' reasoning describes the finding; the pod and the revisions identify it.
    volatileData: ['reason', 'proxy'],
    uses: [facts.injection],
    requires: [WORKLOAD_KINDS],
  },
  check({ model, use, report }) {
    for (const workload of model.workloads) {
      const verdict = use(facts.injection).of(workload);
      const labels = verdict.byLabels;
      if (!labels) continue;
      if (verdict.stale) {
        report({
          ...verdict.decidedBy,
          messageId: 'podWithoutSidecar',
          severity: labels.certain ? undefined : 'warning',
          data: { pod: workload.display, proxy: PROXY_CONTAINER, reason: labels.reason },
          fixId: 'restart',
          related: [{ ...labels.decidedBy, message: `decides injection now: ${labels.reason}` }],
        });
        continue;
      }
      const injected = verdict.evidence?.revision;
      if (!injected || labels.injected !== true || normalize(injected.value) === normalize(labels.revision)) continue;
      const live = isLivePod(workload);
      report({
        resource: workload.resource,
        path: injected.path,
        messageId: live ? 'livePodOtherRevision' : 'templateOtherRevision',
        severity: labels.certain ? undefined : 'warning',
        data: { ...(live ? { pod: workload.display } : { workload: workload.display }), injected: injected.value, selected: normalize(labels.revision), reason: labels.reason },
        fixId: live ? 'restart' : 'reinject',
        related: [{ ...labels.decidedBy, message: `selects revision "${normalize(labels.revision)}": ${labels.reason}` }],
      });
    }
  },
});

