/**
 * Turns one ajv error into what a finding says: the field it points at, the message and the fix.
 * Every keyword our schemas use gets wording of its own; anything else keeps ajv's text.
 */
import type { ErrorObject } from 'ajv';
import type { PathSegment } from '../load/parser.js';
import type { Resource } from '../load/resource.js';
import { closest } from '../util/did-you-mean.js';
import { FORMATS } from './formats.js';
import { displayPath, pointerToPath } from './instance.js';

/** What kind of mistake a problem is (the rule's messageIds): its wording is `message`. */
export type SchemaProblemCode =
  | 'badKey'
  | 'unknownField'
  | 'missingField'
  | 'unquotedScalar'
  | 'quotedInteger'
  | 'wrongType'
  | 'protocolCase'
  | 'protocolNotTransport'
  | 'valueNotAllowed'
  | 'badFormat'
  | 'outOfRange'
  | 'invalidValue'
  | 'noApiVersion'
  | 'noKind'
  | 'apiVersionNotString'
  | 'kindNotString'
  | 'noName';

export interface SchemaProblem {
  code: SchemaProblemCode;
  path: PathSegment[];
  /** point at the key rather than the value */
  key: boolean;
  message: string;
  fix: string;
  /** for an unknown key: the known field it is probably meant to be */
  suggests?: string;
  /** for a missing required field: its name */
  missing?: string;
}

type SchemaNode = Record<string, unknown>;

/** The text a scalar has in the file, as written (`yes`, `1.0`, `0755`). */
export function sourceText(resource: Resource, path: PathSegment[]): string | undefined {
  const located = resource.locate(path);
  if (!located.exact) return undefined;
  const file = resource.document.file;
  const { start, end } = located.span;
  const from = file.lineOffset(start.line) + start.column - 1;
  const to = file.lineOffset(end.line) + end.column - 1;
  const text = file.text.slice(from, to).trim();
  return text.length > 0 && text.length <= 200 ? text : undefined;
}

/** A value as a message shows it; the validated copy has no prototype, so String() would throw on objects. */
function show(value: unknown): string {
  if (value !== null && typeof value === 'object') return typeName(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function where(path: PathSegment[]): string {
  return path.length === 0 ? 'the object' : displayPath(path);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return 'a number';
  return 'a string';
}

function expectedName(type: string): string {
  return { string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean (true or false)', object: 'a mapping', array: 'a list' }[type] ?? type;
}

function describeType(error: ErrorObject, path: PathSegment[], resource: Resource): SchemaProblem {
  const expected = ([] as string[]).concat(error.params.type as string | string[]);
  const value = error.data;
  const field = where(path);
  const wanted = expected.map(expectedName).join(' or ');
  const raw = sourceText(resource, path);
  if (expected.includes('string') && (typeof value === 'boolean' || typeof value === 'number')) {
    const written = raw ?? String(value);
    const quoted = JSON.stringify(written.replace(/^["']|["']$/g, ''));
    return {
      code: 'unquotedScalar',
      path,
      key: false,
      message: `${field} must be ${wanted}, but Kubernetes reads the unquoted ${written} as ${typeName(value)} (YAML 1.1) and rejects the object.`,
      fix: `Quote it: ${quoted}.`,
    };
  }
  if (expected.includes('integer') && typeof value === 'string' && /^-?[0-9]+$/.test(value.trim())) {
    return { code: 'quotedInteger', path, key: false, message: `${field} must be an integer, not the string ${JSON.stringify(value)}.`, fix: `Write ${value.trim()} without quotes.` };
  }
  return { code: 'wrongType', path, key: false, message: `${field} must be ${wanted}, not ${typeName(value)}.`, fix: `Write ${field} as ${wanted}.` };
}

/** `protocol: HTTP`: the transport field taken for the application protocol. */
function protocolProblem(path: PathSegment[], value: unknown): SchemaProblem {
  const field = displayPath(path);
  const transport = typeof value === 'string' ? ['TCP', 'UDP', 'SCTP'].find((t) => t === value.toUpperCase()) : undefined;
  if (transport) return { code: 'protocolCase', path, key: false, message: `${field} is ${JSON.stringify(value)}; protocols are case-sensitive.`, fix: `Write ${transport}.` };
  return {
    code: 'protocolNotTransport',
    path,
    key: false,
    message: `${field} is ${JSON.stringify(value)}, but Kubernetes' protocol is the transport: TCP, UDP or SCTP.`,
    fix: 'Use protocol: TCP, and declare the application protocol with appProtocol (e.g. appProtocol: http) or a port name prefix (http-, grpc-) that Istio reads.',
  };
}

/** The argument of `kubectl explain` for a field: `statefulset.spec.template.spec.containers`. */
function explainPath(resource: Resource, path: PathSegment[]): string {
  return [resource.kind.toLowerCase(), ...path.filter((seg) => typeof seg === 'string')].join('.');
}

/** A case-only difference first (`clusterip`), then the closest spelling. */
function nearest(word: string, candidates: string[]): string | undefined {
  return candidates.find((c) => c.toLowerCase() === word.toLowerCase()) ?? closest(word, candidates);
}

export function describeError(error: ErrorObject, data: unknown, resource: Resource): SchemaProblem | undefined {
  const path = pointerToPath(error.instancePath, data);
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const field = where(path);
  // A bad key of a map (label keys, port keys): ajv names it in propertyName.
  if (error.propertyName !== undefined) {
    const keyPath = [...path, error.propertyName];
    const format = FORMATS[String(error.params.format ?? '')];
    return {
      code: 'badKey',
      path: keyPath,
      key: true,
      message: `key ${JSON.stringify(error.propertyName)} in ${field} is not ${format ? format.describe : 'a valid key here'}.`,
      fix: 'Rename the key.',
    };
  }
  switch (error.keyword) {
    case 'propertyNames':
      return undefined; // reported by the error on the name itself
    case 'additionalProperties': {
      const unknown = String(error.params.additionalProperty);
      const known = Object.keys((parent.properties ?? {}) as SchemaNode);
      const match = nearest(unknown, known);
      return {
        code: 'unknownField',
        path: [...path, unknown],
        key: true,
        message: `unknown field ${JSON.stringify(unknown)} in ${field}${match ? `; did you mean "${match}"?` : '.'} kubectl rejects it (strict field validation, its default); tools that skip validation drop it silently.`,
        fix: match ? `Rename it to "${match}".` : `Remove it, or move it to where it belongs (${known.length <= 8 ? `known fields here: ${known.join(', ')}` : `kubectl explain ${explainPath(resource, path)} lists the fields`}).`,
        suggests: match,
      };
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      return { code: 'missingField', path, key: true, message: `${field} lacks the required field "${missing}".`, fix: `Add ${missing}.`, missing };
    }
    case 'type':
      return describeType(error, path, resource);
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      if (path[path.length - 1] === 'protocol' && allowed.includes('TCP')) return protocolProblem(path, error.data);
      const match = typeof error.data === 'string' ? nearest(error.data, allowed) : undefined;
      return {
        code: 'valueNotAllowed',
        path,
        key: false,
        message: `${field} is ${show(error.data)}, which is not one of ${allowed.join(', ')}${match ? `; did you mean "${match}"?` : '.'}`,
        fix: match ? `Write "${match}" (the values are case-sensitive).` : `Use one of ${allowed.join(', ')} (the values are case-sensitive).`,
      };
    }
    case 'format': {
      const format = FORMATS[String(error.params.format)];
      return { code: 'badFormat', path, key: false, message: `${field} is ${show(error.data)}, which is not ${format ? format.describe : String(error.params.format)}.`, fix: `Change ${field} to ${format ? format.describe : 'a valid value'}.` };
    }
    case 'minimum':
    case 'maximum': {
      const min = parent.minimum;
      const max = parent.maximum;
      const range = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
      return { code: 'outOfRange', path, key: false, message: `${field} is ${show(error.data)}; it must be ${range}.`, fix: `Use a value ${range}.` };
    }
    default:
      return { code: 'invalidValue', path, key: false, message: `${field} ${error.message ?? 'is invalid'}.`, fix: 'Correct the field as the message says.' };
  }
}
