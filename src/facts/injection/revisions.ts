/**
 * Which injection revisions the control plane in the input serves, and where each is declared.
 *
 * A revision is served by its istiod (label `istio.io/rev`, 'default' when absent) and by its
 * injector MutatingWebhookConfiguration `istio-sidecar-injector[-<rev>]`. A revision tag is a
 * webhook `istio-revision-tag-<tag>[-<ns>]` labelled `istio.io/tag: <tag>` and `istio.io/rev: <the
 * revision it points at>`; the tag "default" also takes the legacy `istio-injection=enabled`
 * entries (istio/istio manifests/charts/istio-control/istio-discovery/templates/
 * mutatingwebhook.yaml and revision-tags-mwc.yaml). Webhooks are also read by what they select:
 * an `istio.io/rev In [...]` requirement serves those values, `istio-injection In [enabled]` the
 * default revision, which holds for webhooks rendered without the chart's labels.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, type Resource } from '../../load/resource.js';
import { fromLabelSelector } from '../../model/selector.js';
import type { Istiod } from '../mesh/istiod.js';
import { defineFact } from '../define.js';
import { istiods } from '../mesh/istiod.js';

export const TAG_LABEL = 'istio.io/tag';
const REV = 'istio.io/rev';
const LEGACY = 'istio-injection';

export interface RevisionServer {
  /** the revision or tag name a namespace or pod may ask for */
  revision: string;
  via: 'istiod' | 'webhook' | 'tag';
  resource: Resource;
  path: Path;
  /** for a tag: the revision it points at */
  target?: string;
}

export interface ServedRevisions {
  /** undefined when no control plane is in the input */
  served?: Set<string>;
  servers: RevisionServer[];
  /** Istio's injector webhooks are in the input, so a revision missing from them has no injector */
  webhooksInInput: boolean;
}

/** Istio's injector webhooks, recognised by name. */
export function isIstioWebhook(webhook: Resource): boolean {
  return /istio/.test(webhook.name);
}

export function collectServedRevisions(istiods: Istiod[], mutatingWebhooks: readonly Resource[]): ServedRevisions {
  const webhooks = mutatingWebhooks.filter(isIstioWebhook);
  const servers: RevisionServer[] = istiods.map((i) => ({
    revision: i.revision,
    via: 'istiod',
    resource: i.workload.resource,
    path: i.workload.resource.labels[REV] !== undefined ? ['metadata', 'labels', REV] : ['metadata', 'name'],
  }));
  for (const w of webhooks) servers.push(...webhookServers(w));
  if (istiods.length === 0 && webhooks.length === 0) return { servers, webhooksInInput: false };
  return { served: new Set(servers.map((s) => s.revision)), servers, webhooksInInput: webhooks.length > 0 };
}

function webhookServers(w: Resource): RevisionServer[] {
  const out: RevisionServer[] = [];
  const add = (revision: string, via: RevisionServer['via'], path: Path, target?: string) => {
    if (revision && !out.some((s) => s.revision === revision)) out.push({ revision, via, resource: w, path, target });
  };
  const rev = w.labels[REV];
  const tag = w.labels[TAG_LABEL] ?? /^istio-revision-tag-(.+)$/.exec(w.name)?.[1];
  if (tag) {
    add(tag, 'tag', w.labels[TAG_LABEL] !== undefined ? ['metadata', 'labels', TAG_LABEL] : ['metadata', 'name'], rev);
  } else if (rev) {
    add(rev, 'webhook', ['metadata', 'labels', REV]);
  } else if (w.name === 'istio-sidecar-injector') {
    add('default', 'webhook', ['metadata', 'name']);
  }
  asArray(w.value.webhooks).forEach((entry, i) => {
    const e = asObj(entry);
    for (const field of ['namespaceSelector', 'objectSelector']) {
      for (const req of fromLabelSelector(e?.[field]).requirements) {
        if (req.operator !== 'In') continue;
        const path: Path = ['webhooks', i, field];
        if (req.key === REV) for (const v of req.values) add(v, tag ? 'tag' : 'webhook', path, tag ? rev : undefined);
        if (req.key === LEGACY && req.values.includes('enabled')) add('default', tag ? 'tag' : 'webhook', path, tag ? rev : undefined);
      }
    }
  });
  return out;
}

export const revisions = defineFact({
  id: 'injection.revisions',
  description: 'the revisions and tags the control plane in the input serves, with where each is declared',
  reads: ['MutatingWebhookConfiguration'],
  uses: [istiods],
  compute: ({ model, use }) => collectServedRevisions(use(istiods), model.ofKind('MutatingWebhookConfiguration')),
});
