/**
 * Settings read out of config files kept in ConfigMaps: `key value` (redis.conf), `key=value`
 * (.properties, zoo.cfg), `key: value` (flat YAML such as elasticsearch.yml), and dotted keys
 * walked through nested YAML (`memberlist.bind_port` in a Loki or Temporal config).
 */
import jsyaml from 'js-yaml';

export interface ConfigSetting {
  key: string;
  value: string;
  /** the line or the dotted key and value, as evidence */
  text: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const parsed = new Map<string, unknown>();

function parseYaml(text: string): unknown {
  if (parsed.has(text)) return parsed.get(text);
  let value: unknown;
  try {
    value = jsyaml.load(text, { json: true });
  } catch {
    value = undefined;
  }
  parsed.set(text, value);
  return value;
}

function unquote(value: string): string {
  const v = value.trim().replace(/\s+#.*$/, '');
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

function walk(value: unknown, segments: string[]): unknown {
  if (segments.length === 0) return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  // A YAML key may itself hold dots (`cluster.name: x` in elasticsearch.yml): try the longest first.
  for (let n = segments.length; n >= 1; n--) {
    const key = segments.slice(0, n).join('.');
    if (key in obj) {
      const found = walk(obj[key], segments.slice(n));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function lineSetting(text: string, key: string): ConfigSetting | undefined {
  // Keys may be quoted (NATS and other JSON-like configs): `"jetstream": {`.
  const line = new RegExp(`^[ \\t]*(["']?)${escape(key)}\\1(?:[ \\t]*[=:][ \\t]*|[ \\t]+)(.*)$`, 'm').exec(text);
  return line ? { key, value: unquote((line[2] ?? '').replace(/,$/, '')), text: line[0].trim() } : undefined;
}

/** The body of the first `name {...}` block (NATS conf, HCL, JSON-like files), braces balanced. */
function blockBody(text: string, name: string): string | undefined {
  const open = new RegExp(`^[ \\t]*(["']?)${escape(name)}\\1[ \\t]*[:=]?[ \\t]*\\{`, 'm').exec(text);
  if (!open) return undefined;
  let depth = 0;
  const start = open.index + open[0].length;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && depth-- === 0) return text.slice(start, i);
  }
  return undefined;
}

function blockSetting(text: string, segments: string[], key: string): ConfigSetting | undefined {
  const [first, ...rest] = segments;
  if (!first || rest.length === 0) return undefined;
  const body = blockBody(text, first);
  if (body === undefined) return undefined;
  const inner = rest.length === 1 ? lineSetting(body, rest[0] as string) : blockSetting(body, rest, key);
  return inner && { key, value: inner.value, text: `${key}: ${inner.value}` };
}

/** The value a config file gives a key, if it sets it. */
export function configSetting(text: string, key: string): ConfigSetting | undefined {
  const line = lineSetting(text, key);
  if (line) return line;
  if (!key.includes('.')) return undefined;
  const block = blockSetting(text, key.split('.'), key);
  if (block) return block;
  const found = walk(parseYaml(text), key.split('.'));
  if (found === undefined || found === null || typeof found === 'object') return undefined;
  return { key, value: String(found), text: `${key}: ${String(found)}` };
}

/** Whether a config file sets a key (`key`), or sets it to a value matching (`key=pattern`). */
export function configKeyMatch(text: string, entry: string): ConfigSetting | undefined {
  const eq = entry.indexOf('=');
  const key = eq < 0 ? entry : entry.slice(0, eq);
  const setting = configSetting(text, key);
  if (!setting) return undefined;
  if (eq >= 0 && !new RegExp(`^(?:${entry.slice(eq + 1)})$`, 'i').test(setting.value)) return undefined;
  return setting;
}
