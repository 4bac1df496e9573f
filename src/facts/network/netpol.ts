/** The NetworkPolicy evaluator over the input (src/netpol), built once, with its inputs explicit. */
import { NetpolEvaluator } from '../../netpol/evaluator.js';
import { WORKLOAD_KINDS } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { istiods } from '../mesh/istiod.js';

export const netpol = defineFact({
  id: 'network.netpol',
  description: 'the NetworkPolicy verdict between any two ends of the input',
  reads: [...WORKLOAD_KINDS, 'NetworkPolicy', 'Namespace'],
  uses: [istiods],
  compute: ({ model, use }) =>
    new NetpolEvaluator({
      workloads: model.workloads,
      policies: model.ofKind('NetworkPolicy'),
      namespaceLabels: (ns) => model.namespace(ns).labels,
      dnsNamespace: model.settings.dnsNamespace,
      dnsPodLabels: model.settings.dnsPodLabels,
      istioRootNamespace: model.settings.istioRootNamespace,
      istiods: use(istiods),
    }),
});
