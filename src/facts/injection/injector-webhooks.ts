/**
 * The entries of Istio's sidecar injector webhooks, as the API server reads them: which
 * namespaces and pods each is called for, which Service it calls, and what happens when the call
 * fails.
 *
 * An entry is an injector when its name ends in `istio.io` (istioctl analyze's test, pkg/config/
 * analysis/analyzers/webhook/webhook.go isIstioWebhook) or its configuration is an Istio one by
 * name or by an `istio.io/rev` or `istio.io/tag` label, and its `rules` cover creating pods. An
 * entry without `rules` is read as the chart writes it, for pod creation, as analyze does: such
 * entries are usually excerpts.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, textList, type Resource } from '../../load/resource.js';
import { fromLabelSelector, type LabelSelector } from '../../model/selector.js';
import { defineFact } from '../define.js';
import { isIstioWebhook, TAG_LABEL } from './revisions.js';

export interface InjectorEntry {
  configuration: Resource;
  index: number;
  /** the entry's own name, `namespace.sidecar-injector.istio.io` in the chart */
  name: string;
  namespaceSelector: LabelSelector;
  objectSelector: LabelSelector;
  /** the Service the API server calls; undefined for a `url` */
  service?: { namespace: string; name: string; port: number };
  url?: string;
  /** `Fail` refuses the pod when the call fails; the default in admissionregistration v1, `Ignore` in v1beta1 */
  failurePolicy: 'Fail' | 'Ignore';
  /** ['webhooks', index] */
  path: Path;
}

/** "MutatingWebhookConfiguration istio-sidecar-injector (webhook namespace.sidecar-injector.istio.io)" */
export function describeEntry(e: InjectorEntry): string {
  return `${e.configuration.display} (webhook ${e.name || `#${e.index}`})`;
}

function coversPodCreation(entry: Record<string, unknown>): boolean {
  if (entry.rules === undefined) return true;
  return asArray(entry.rules).some((raw) => {
    const rule = asObj(raw);
    const has = (field: string, ...wanted: string[]) => textList(rule?.[field]).some((v) => wanted.includes(v));
    return has('operations', 'CREATE', '*') && has('resources', 'pods', '*', '*/*') && has('apiGroups', '', '*');
  });
}

function isIstioConfiguration(configuration: Resource): boolean {
  return isIstioWebhook(configuration) || configuration.labels['istio.io/rev'] !== undefined || configuration.labels[TAG_LABEL] !== undefined;
}

export function injectorEntries(configurations: readonly Resource[]): InjectorEntry[] {
  const out: InjectorEntry[] = [];
  for (const configuration of configurations) {
    const v1beta1 = asString(configuration.value.apiVersion) === 'admissionregistration.k8s.io/v1beta1';
    asArray(configuration.value.webhooks).forEach((raw, index) => {
      const entry = asObj(raw);
      if (!entry) return;
      const name = asString(entry.name) ?? '';
      if (!(name.endsWith('istio.io') || isIstioConfiguration(configuration)) || !coversPodCreation(entry)) return;
      const clientConfig = asObj(entry.clientConfig);
      const service = asObj(clientConfig?.service);
      const serviceName = asString(service?.name);
      const port = Number(service?.port ?? 443);
      const policy = asString(entry.failurePolicy);
      out.push({
        configuration,
        index,
        name,
        namespaceSelector: fromLabelSelector(entry.namespaceSelector),
        objectSelector: fromLabelSelector(entry.objectSelector),
        service: serviceName ? { namespace: asString(service?.namespace) ?? 'default', name: serviceName, port: Number.isInteger(port) ? port : 443 } : undefined,
        url: asString(clientConfig?.url),
        failurePolicy: policy === 'Ignore' || policy === 'Fail' ? policy : v1beta1 ? 'Ignore' : 'Fail',
        path: ['webhooks', index],
      });
    });
  }
  return out;
}

export const injectorWebhooks = defineFact({
  id: 'injection.injectorWebhooks',
  description: "the entries of Istio's injector webhooks: what each selects, the Service it calls, its failurePolicy",
  reads: ['MutatingWebhookConfiguration'],
  compute: ({ model }) => injectorEntries(model.ofKind('MutatingWebhookConfiguration')),
});
