import { defineRule } from '../src/engine/rule.js';
import { WORKLOAD_KINDS } from '../src/model/workload.js';
import type { Resource } from '../src/load/resource.js';
import { describeError, type SchemaProblem, type SchemaProblemCode } from '../src/schema/describe.js';
import { identityProblems, isKubernetesObject } from '../src/schema/identity.js';
import { hasCollectionKey, withoutNulls } from '../src/schema/instance.js';
import { schemaRegistry } from '../src/schema/registry.js';

function who(resource: Resource): string {
  if (!resource.kind) return `Object ${resource.display.trim()}`.trim();
  return resource.name ? resource.display : `${resource.kind} (unnamed)`;
}

/**
 * One message per kind of mistake. The wording of each is src/schema's account of the field
 * (`problem`): it names the field, the value and what is allowed, and differs with what the
 * schema says (a did-you-mean, the known fields), so it is data, not part of the template.
 */
const PROBLEM = '{{resource}}: {{problem}}';
const messages = {
  badKey: PROBLEM,
  unknownField: PROBLEM,
  missingField: PROBLEM,
  unquotedScalar: PROBLEM,
  quotedInteger: PROBLEM,
  wrongType: PROBLEM,
  protocolCase: PROBLEM,
  protocolNotTransport: PROBLEM,
  valueNotAllowed: PROBLEM,
  badFormat: PROBLEM,
  outOfRange: PROBLEM,
  invalidValue: PROBLEM,
  noApiVersion: PROBLEM,
  noKind: PROBLEM,
  apiVersionNotString: PROBLEM,
  kindNotString: PROBLEM,
  noName: PROBLEM,
} satisfies Record<SchemaProblemCode, string>;

function schemaProblems(resource: Resource): SchemaProblem[] {
  const validate = schemaRegistry().validator(resource.ref.apiVersion, resource.kind);
  if (!validate) return [];
  const data = withoutNulls(resource.value);
  if (validate(data)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = describeError(error, data, resource);
    if (!problem) continue;
    // One finding per field: a value can break both a base schema and a kind's refinement of it.
    const id = JSON.stringify([problem.path, problem.key]);
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  // A misspelt required field is one mistake: the unknown key already says which field is meant.
  const misspelt = new Set(problems.filter((p) => p.suggests).map((p) => JSON.stringify([...p.path.slice(0, -1), p.suggests])));
  return problems.filter((p) => !p.missing || !misspelt.has(JSON.stringify([...p.path, p.missing])));
}

export default defineRule({
  meta: {
    id: 'manifest-schema',
    cause: 'input',
    severity: 'error',
    description: 'A resource the linter reads breaks its schema: wrong type, unknown field, invalid name or enum value, or missing apiVersion, kind or metadata.name.',
    why:
      'The API server rejects an object that does not decode into its type: a label value YAML reads as a boolean (`inject: true`), a port written as a string, an unknown value of an enum. An unknown field is rejected under strict field validation (kubectl\'s default) or silently dropped otherwise, so a misspelled `serviceName` or `containerPort` leaves the setting unset while the manifest looks right. Either way, what runs is not what the file says.',
    diagnose: ['kubectl apply --dry-run=server --validate=strict -f <file>', 'kubectl explain <kind>.<field.path>', 'istioctl validate -f <file>'],
    fix: 'Correct the field at the reported location: quote values Kubernetes must read as strings ("true", "1.0"), rename misspelled fields as suggested, and use the listed enum values.',
    sources: [
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set',
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
      'kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go (DNS-1123, qualified names, IANA_SVC_NAME)',
      'kubernetes/kubernetes pkg/apis/core/validation/validation.go (ValidateServiceName = NameIsDNS1035Label; a string targetPort must be a port name; protocol TCP/UDP/SCTP)',
      'kubernetes/kubernetes staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/validator.go (custom resource names are DNS-1123 subdomains)',
      'https://kubernetes.io/docs/reference/kubernetes-api/',
      'istio/api kubernetes/customresourcedefinitions.gen.yaml',
      'https://github.com/istio/istio/issues/15012',
    ],
    messages,
    fixes: {
      // src/schema's fix for the problem: the field's right spelling, the value quoted, the allowed values.
      correctField: '{{fix}}',
    },
    // The resource, the field (the reported path) and the kind of mistake identify a finding.
    volatileData: ['problem'],
    trace: { hops: ['dns', 'service'], scope: 'input' },
    // Whether an object is a live copy of a workload depends on its owners.
    reads: WORKLOAD_KINDS,
  },
  check({ model, report }) {
    const registry = schemaRegistry();
    for (const resource of model.resources) {
      // A live copy of a workload (its Pods, ReplicaSets, history) was accepted by the API server
      // from the owner's template: the owner is what the user edits and what is checked.
      if (model.isDerived(resource)) continue;
      if (!isKubernetesObject(resource.value, (kind, apiVersion) => registry.models(kind, apiVersion))) continue;
      if (hasCollectionKey(resource.value)) continue;
      for (const problem of [...identityProblems(resource), ...schemaProblems(resource)]) {
        report({ resource, path: problem.path, key: problem.key, messageId: problem.code, data: { resource: who(resource), problem: problem.message, fix: problem.fix }, fixId: 'correctField' });
      }
    }
  },
});
