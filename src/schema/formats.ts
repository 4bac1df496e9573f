/**
 * The string formats Kubernetes validates names and ports with (k8s.io/apimachinery
 * pkg/util/validation), as ajv formats, each with the wording a finding uses.
 */
import { isIP } from 'node:net';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** Label and annotation keys: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function isQualifiedName(s: string): boolean {
  const slash = s.indexOf('/');
  const name = slash === -1 ? s : s.slice(slash + 1);
  if (slash !== -1) {
    const prefix = s.slice(0, slash);
    if (prefix.length === 0 || !isDns1123Subdomain(prefix)) return false;
  }
  return name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

function isLabelValue(s: string): boolean {
  return s.length <= 63 && LABEL_VALUE.test(s);
}

/** Port names (IANA_SVC_NAME): at most 15 characters, at least one letter, no '--'. */
export function isPortName(s: string): boolean {
  return s.length <= 15 && IANA_SVC_NAME.test(s) && /[a-z]/.test(s) && !s.includes('--');
}

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash === -1) return false;
  const family = isIP(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  if (family === 0 || !/^[0-9]{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export interface FormatSpec {
  validate: (s: string) => boolean;
  /** what a valid value looks like, for messages */
  describe: string;
}

export const FORMATS: Record<string, FormatSpec> = {
  'dns1123-label': { validate: isDns1123Label, describe: "a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)" },
  'dns1123-subdomain': { validate: isDns1123Subdomain, describe: "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters, each part starting and ending with a letter or digit)" },
  'dns1035-label': { validate: isDns1035Label, describe: "a DNS-1035 label (at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit)" },
  'qualified-name': { validate: isQualifiedName, describe: "a qualified name (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)" },
  'label-value': { validate: isLabelValue, describe: "a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)" },
  'iana-svc-name': { validate: isPortName, describe: "a port name (at most 15 lowercase letters, digits and '-', with at least one letter, no '--', not starting or ending with '-')" },
  // An empty targetPort defaults to the port, like 0.
  'iana-svc-name-or-empty': { validate: (s) => s === '' || isPortName(s), describe: "a port number or a port name (at most 15 lowercase letters, digits and '-', with at least one letter)" },
  'configmap-key': { validate: (s) => s.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(s), describe: "a ConfigMap key (letters, digits, '-', '_' and '.')" },
  ip: { validate: (s) => isIP(s) !== 0, describe: 'an IPv4 or IPv6 address' },
  cidr: { validate: isCidr, describe: 'a CIDR such as 10.0.0.0/16' },
};
