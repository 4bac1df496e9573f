/** Builds an evaluator from YAML documents and asks it short questions. */
import { facts } from '../../src/facts/index.js';
import type { ClusterSettings } from '../../src/model/settings.js';
import { parseCidr } from '../../src/netpol/cidr.js';
import type { Endpoint, NetpolEvaluator, Verdict } from '../../src/netpol/evaluator.js';
import type { Protocol } from '../../src/netpol/ports.js';
import { analysisOfFiles } from '../helpers/analysis-of.js';
import { yaml } from '../helpers/rule-tester.js';

export function evaluatorOf(docs: string[], settings?: Partial<ClusterSettings>): NetpolEvaluator {
  return analysisOfFiles({ 'a.yaml': yaml(...docs) }, settings).use(facts.netpol);
}

/** "ns/name" or "cidr:RANGE" */
export function end(np: NetpolEvaluator, ref: string): Endpoint {
  if (ref.startsWith('cidr:')) return { kind: 'cidr', range: parseCidr(ref.slice(5))!, text: ref.slice(5) };
  const [ns, name] = ref.split('/') as [string, string];
  const found = np.find(ns, name);
  if (found.length !== 1) throw new Error(`${ref}: ${found.length} pod groups`);
  return { kind: 'pods', group: found[0]! };
}

export function verdict(np: NetpolEvaluator, from: string, to: string, protocol: Protocol = 'TCP', port?: number): Verdict {
  return np.evaluate(end(np, from), end(np, to), protocol, port);
}

export function allowed(np: NetpolEvaluator, from: string, to: string, protocol: Protocol = 'TCP', port?: number) {
  return verdict(np, from, to, protocol, port).allowed;
}

function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `\n    ${k}: "${v}"`).join('') || ' {}';
}

export function pod(namespace: string, name: string, labels: Record<string, string> = { app: name }, extra = ''): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:${labelsText(labels)}
spec:${extra}
  containers:
    - name: main
      image: example/${name}
`;
}

export function namespace(name: string, labels: Record<string, string> = {}): string {
  return `
apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:${labelsText(labels)}
`;
}

export function policy(ns: string, name: string, spec: string): string {
  return `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${spec.replace(/^\n/, '')}
`;
}
