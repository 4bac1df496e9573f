/**
 * The kinds of value Istio's injector parses in its pod annotations (the `value` of an entry in
 * knowledge/istio/annotations.yaml), each checked as the injector's Go parser would: a value that
 * passes here passes istio/istio pkg/kube/inject/validate.go, and the other way round.
 */
import { isIPv6 } from 'node:net';
import { parse } from 'yaml';

type Check = (value: string) => string | undefined;

// strconv.ParseBool
const BOOLEANS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseUint(value, 10, bits): digits only, no sign or space. */
function unsigned(value: string, max: number): boolean {
  return /^[0-9]+$/.test(value) && Number(value) <= max;
}

const port: Check = (v) => (unsigned(v.trim(), 65535) ? undefined : `"${v}" is not a port number`);

// Go's ParsePrefix: an address without zone, a slash, decimal bits without leading zeros.
function prefixProblem(cidr: string): string | undefined {
  const slash = cidr.lastIndexOf('/');
  const addr = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  const v4 = /^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/.test(addr);
  const max = v4 ? 32 : !addr.includes('%') && isIPv6(addr) ? 128 : undefined;
  if (slash < 0 || max === undefined || !/^(0|[1-9][0-9]*)$/.test(bits) || Number(bits) > max) return `"${cidr}" is not a CIDR`;
  return undefined;
}

// Kubernetes resource.ParseQuantity: a decimal number, then a binary or decimal suffix or an exponent.
const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const KINDS: Record<string, Check> = {
  boolean: (v) => (BOOLEANS.has(v) ? undefined : `"${v}" is not a boolean`),
  uint32: (v) => (unsigned(v, 4294967295) ? undefined : `"${v}" is not a whole number`),
  port,
  // The list is trimmed, split on commas, and each entry trimmed; an empty list is allowed.
  ports: (v) => (v.trim() === '' ? undefined : v.trim().split(',').map(port).find(Boolean)),
  // Split on commas without trimming: "10.0.0.0/8, 172.16.0.0/12" fails on the space.
  cidrs: (v) => (v === '' ? undefined : v.split(',').map(prefixProblem).find(Boolean)),
  quantity: (v) => (QUANTITY.test(v) ? undefined : `"${v}" is not a Kubernetes quantity`),
  yaml: (v) => {
    try {
      const doc: unknown = parse(v);
      return doc === null || (typeof doc === 'object' && !Array.isArray(doc)) ? undefined : 'it is not a YAML or JSON mapping of ProxyConfig fields';
    } catch (e) {
      return `it does not parse as YAML or JSON (${(e as Error).message.split('\n')[0]})`;
    }
  },
};

/**
 * Why `value` is not of `kind`, or undefined when it is (or the kind is not one checked here).
 * A kind is a parser's name, a word allowed as it stands, or several joined by | (ports|*).
 */
export function valueProblem(kind: string, value: string): string | undefined {
  const alternatives = kind.split('|');
  const parsers = alternatives.filter((a) => KINDS[a]);
  const words = alternatives.filter((a) => !KINDS[a]);
  if (words.includes(value)) return undefined;
  if (parsers.length === 0) return `"${value}" is not one of ${words.join(', ')}`;
  const problems = parsers.map((p) => (KINDS[p] as Check)(value));
  if (problems.some((p) => p === undefined)) return undefined;
  return words.length ? `${problems[0]}, nor ${words.join(', ')}` : problems[0];
}

const DESCRIPTIONS: Record<string, string> = {
  boolean: 'true or false',
  uint32: 'a whole number',
  port: 'a port number (0-65535)',
  ports: 'port numbers separated by commas',
  cidrs: 'CIDRs separated by commas without spaces, such as 10.0.0.0/8,172.16.0.0/12',
  quantity: 'a Kubernetes quantity such as 100m or 128Mi',
  yaml: 'ProxyConfig fields as YAML or JSON',
};

/** The kind in words, for a message: "port numbers separated by commas, or *". */
export function describeKind(kind: string): string {
  const parts = kind.split('|').map((a) => DESCRIPTIONS[a] ?? a);
  return parts.length === 1 ? (parts[0] as string) : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1) as string}`;
}
