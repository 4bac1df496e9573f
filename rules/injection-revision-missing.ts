import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { AMBIENT_LABEL, INJECT_KEY, NS_INJECTION_LABEL, REV_LABEL } from '../src/facts/injection/injection.js';
import type { Path } from '../src/load/parser.js';
import type { Resource } from '../src/load/resource.js';
import { hasOwn } from '../src/load/resource.js';

const UNSERVED_EFFECT = 'served: {{served}}. No webhook matches, so its pods start without a sidecar and talk plaintext to injected peers (reset under STRICT mTLS).';

export default defineRule({
  meta: {
    id: 'injection-revision-missing',
    cause: 3,
    severity: 'error',
    description: 'A namespace or pod asks for an Istio revision or revision tag that no istiod or injector webhook in the input serves, or a namespace carries competing injection labels.',
    why:
      'Each injector webhook selects only the revision it serves: `istio.io/rev In [<rev>]` on namespaces or pods, and, for the default revision or the tag "default", `istio-injection=enabled`. A namespace or pod that names a revision nobody serves is matched by no webhook, so its pods start without a sidecar, silently, and talk plaintext to their injected peers (reset under STRICT mTLS). A revision tag whose revision has no istiod makes the webhook call a missing Service, and with failurePolicy Fail pod creation is refused. When a namespace carries istio-injection=enabled and istio.io/rev, the webhooks give the legacy label precedence and the revision is ignored; with istio.io/dataplane-mode=ambient as well, pods get sidecars and ztunnel leaves them alone. Reported only when istiod or the injector webhooks are in the input; without the webhooks, a tag outside the input could serve the revision, so the finding is a warning.',
    diagnose: [
      'kubectl get namespace -L istio-injection -L istio.io/rev -L istio.io/dataplane-mode',
      'kubectl get mutatingwebhookconfigurations -l app=sidecar-injector -L istio.io/rev -L istio.io/tag',
      'istioctl tag list',
      'kubectl -n istio-system get deploy -l app=istiod -L istio.io/rev',
    ],
    fix: 'Point the label at a revision that is installed (istio.io/rev=<rev> of a running istiod), create the tag (`istioctl tag set <tag> --revision <rev>`), or keep one injection label per namespace: remove istio.io/rev when istio-injection=enabled stays, and drop the sidecar labels from an ambient namespace.',
    sources: [
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml (per-revision selectors; legacy label has precedence)',
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/revision-tags-mwc.yaml (istio-revision-tag-<tag>, labels istio.io/tag and istio.io/rev, service istiod-<rev>)',
      'istio/istio pkg/config/analysis/analyzers/injection/injection.go (IST0123: istio-injection, istio.io/rev and istio.io/dataplane-mode compete)',
      'istio/istio cni/pkg/util PodRedirectionEnabled (pods with a sidecar are not captured by ztunnel)',
      'https://istio.io/latest/docs/setup/upgrade/canary/#stable-revision-labels',
      'https://istio.io/latest/docs/reference/config/analysis/ist0123/',
    ],
    messages: {
      revisionUnserved: `{{who}} asks for Istio revision "{{revision}}" ({{how}}), but no istiod, injector webhook or revision tag in the input serves it; ${UNSERVED_EFFECT}`,
      revisionUnservedWebhooksAbsent: `{{who}} asks for Istio revision "{{revision}}" ({{how}}), but no istiod in the input serves it (the injector webhooks are not in the input; a revision tag there might); ${UNSERVED_EFFECT}`,
      tagWithoutIstiod:
        '{{who}} asks for revision tag "{{revision}}" ({{how}}), which points at revision "{{target}}", but no istiod in the input runs that revision; the tag\'s webhook calls Service istiod-{{target}} and, with failurePolicy Fail, pod creation is refused.',
      legacyLabelWins:
        'Namespace {{namespace}} carries both istio-injection=enabled and istio.io/rev={{revision}}; the webhooks give the legacy label precedence, so its pods are injected by the default revision and "{{revision}}" is ignored.',
      ambientWithSidecars:
        'Namespace {{namespace}} is labelled istio.io/dataplane-mode=ambient and also for sidecar injection ({{label}}); its pods get sidecars, and ztunnel does not capture pods that have one, so the namespace is not ambient.',
    },
    fixes: {
      serveRevision: 'Use a served revision, install revision "{{revision}}", or create the tag: istioctl tag set {{revision}} --revision <installed revision>.',
      moveTag: 'Move the tag to an installed revision: istioctl tag set {{revision}} --revision <installed revision> --overwrite.',
      keepOneLabel: 'Keep one label: kubectl label namespace {{namespace}} istio.io/rev- (or istio-injection-).',
      chooseDataPlane: 'Choose one data plane: remove istio.io/dataplane-mode or the sidecar injection label.',
    },
    // The namespace or workload, the revision and the label (the reported path) identify a finding;
    // the words for that label and the revisions the input does serve describe it.
    volatileData: ['how', 'served'],
    uses: [facts.revisions],
    requires: [[...WORKLOAD_KINDS, 'Namespace']],
    // The missing sidecar this causes is also workload-not-injected's finding at the same label;
    // this rule names the root cause, so one account is kept.
    supersedes: ['workload-not-injected'],
  },
  check({ model, use, report }) {
    const { served, servers, webhooksInInput } = use(facts.revisions);
    const runningRevisions = new Set(servers.filter((s) => s.via === 'istiod').map((s) => s.revision));
    const servedList = [...(served ?? [])].sort().map((r) => `"${r}"`).join(', ') || 'none';
    const related: RelatedTarget[] = servers.slice(0, 3).map((s) => ({
      resource: s.resource,
      path: s.path,
      message: `${s.resource.display} serves ${s.via === 'tag' ? `tag "${s.revision}" (revision "${s.target ?? '?'}")` : `revision "${s.revision}"`}`,
    }));

    /** The request names a revision the input does not serve, or a tag whose istiod is absent. */
    const check = (revision: string, who: string, how: string, at: { resource: Resource; path: Path }, uncertain: boolean) => {
      if (!served) return;
      const base = { resource: at.resource, path: at.path, related };
      const data = { who, revision, how };
      if (!served.has(revision)) {
        report({
          ...base,
          severity: uncertain || !webhooksInInput ? 'warning' : undefined,
          messageId: webhooksInInput ? 'revisionUnserved' : 'revisionUnservedWebhooksAbsent',
          data: { ...data, served: servedList },
          fixId: 'serveRevision',
        });
        return;
      }
      const tag = servers.find((s) => s.via === 'tag' && s.revision === revision && s.target);
      if (tag?.target && runningRevisions.size > 0 && !runningRevisions.has(tag.target) && !servers.some((s) => s.via !== 'tag' && s.revision === revision)) {
        report({
          ...base,
          severity: 'warning',
          messageId: 'tagWithoutIstiod',
          data: { ...data, target: tag.target },
          fixId: 'moveTag',
        });
      }
    };

    for (const ns of model.namespaces) {
      const r = ns.resource;
      if (!r) continue;
      const labels = ns.labels;
      const legacy = hasOwn(labels, NS_INJECTION_LABEL) ? labels[NS_INJECTION_LABEL] : undefined;
      const rev = hasOwn(labels, REV_LABEL) ? labels[REV_LABEL] : undefined;
      const ambient = labels[AMBIENT_LABEL] === 'ambient';
      const at = (key: string) => ({ resource: r, path: ['metadata', 'labels', key] });
      if (legacy === 'enabled' && rev !== undefined) {
        report({
          ...at(REV_LABEL),
          severity: 'warning',
          messageId: 'legacyLabelWins',
          data: { namespace: ns.name, revision: rev },
          fixId: 'keepOneLabel',
        });
      }
      if (ambient && (legacy === 'enabled' || (legacy === undefined && rev !== undefined))) {
        report({
          ...at(AMBIENT_LABEL),
          severity: 'warning',
          messageId: 'ambientWithSidecars',
          data: { namespace: ns.name, label: legacy === 'enabled' ? `${NS_INJECTION_LABEL}=enabled` : `${REV_LABEL}=${rev}` },
          fixId: 'chooseDataPlane',
        });
      }
      if (legacy === 'enabled') check('default', `Namespace ${ns.name}`, `label ${NS_INJECTION_LABEL}=enabled, which only the default revision or the tag "default" serves`, at(NS_INJECTION_LABEL), false);
      else if (legacy === undefined && rev !== undefined) check(rev, `Namespace ${ns.name}`, `label ${REV_LABEL}`, at(REV_LABEL), false);
    }

    for (const w of model.workloads) {
      const ns = model.namespace(w.namespace);
      // A namespace injection label decides alone: the pod's istio.io/rev is then ignored.
      if (hasOwn(ns.labels, NS_INJECTION_LABEL) || hasOwn(ns.labels, REV_LABEL)) continue;
      const inject = hasOwn(w.labels, INJECT_KEY) ? w.labels[INJECT_KEY] : undefined;
      if (inject === 'false') continue;
      const uncertain = !ns.known;
      const rev = hasOwn(w.labels, REV_LABEL) ? w.labels[REV_LABEL] : undefined;
      const at = (key: string) => ({ resource: w.resource, path: w.metadataPath('labels', key) });
      if (rev !== undefined) check(rev, w.display, `pod label ${REV_LABEL}`, at(REV_LABEL), uncertain);
      else if (inject === 'true') check('default', w.display, `pod label ${INJECT_KEY}="true", which only the default revision or the tag "default" serves`, at(INJECT_KEY), uncertain);
    }
  },
});
