/**
 * A small reader for CoreDNS Corefiles (Caddyfile syntax), keeping the line and column of
 * every token so that findings can point inside the ConfigMap's `Corefile` string.
 * Syntax: https://coredns.io/manual/toc/#configuration
 */

export interface Token {
  text: string;
  /** 0-based line and column inside the Corefile text */
  line: number;
  column: number;
}

export interface Directive {
  name: Token;
  args: Token[];
  block: Directive[];
}

export interface ServerBlock {
  /** zone[:port] keys, e.g. `.:53` */
  keys: Token[];
  directives: Directive[];
}

export function tokenize(text: string): (Token & { newlineBefore: boolean })[] {
  const tokens: (Token & { newlineBefore: boolean })[] = [];
  const lines = text.split('\n');
  let newline = true;
  lines.forEach((raw, line) => {
    const re = /"([^"]*)"|[{}]|[^\s{}#"]+|#.*/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(raw))) {
      if (m[0].startsWith('#')) break;
      const textValue = m[1] !== undefined ? m[1] : m[0];
      tokens.push({ text: textValue, line, column: m.index, newlineBefore: newline });
      newline = false;
    }
    newline = true;
  });
  return tokens;
}

export function parseCorefile(text: string): ServerBlock[] {
  const tokens = tokenize(text);
  let i = 0;

  // Reads directives until the closing brace of the current block.
  const readBlock = (): Directive[] => {
    const directives: Directive[] = [];
    while (i < tokens.length) {
      const tok = tokens[i] as (typeof tokens)[number];
      if (tok.text === '}') {
        i++;
        return directives;
      }
      const directive: Directive = { name: tok, args: [], block: [] };
      i++;
      while (i < tokens.length) {
        const next = tokens[i] as (typeof tokens)[number];
        if (next.newlineBefore || next.text === '}') break;
        if (next.text === '{') {
          i++;
          directive.block = readBlock();
          break;
        }
        directive.args.push(next);
        i++;
      }
      directives.push(directive);
    }
    return directives;
  };

  const blocks: ServerBlock[] = [];
  while (i < tokens.length) {
    const keys: Token[] = [];
    while (i < tokens.length && (tokens[i] as Token).text !== '{') {
      keys.push(tokens[i] as Token);
      i++;
    }
    if (i >= tokens.length) break;
    i++; // '{'
    blocks.push({ keys, directives: readBlock() });
  }
  return blocks;
}

export function normalizeZone(zone: string): string {
  return zone.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
}

/** Reverse zones are served by the kubernetes plugin for PTR records; they are not a cluster domain. */
export function isReverseZone(zone: string): boolean {
  const z = normalizeZone(zone);
  return z.endsWith('in-addr.arpa') || z.endsWith('ip6.arpa');
}

export interface KubernetesPlugin {
  directive: Directive;
  /** the zones it is authoritative for (its own arguments, else the server block's zones) */
  zones: Token[];
  /** forward zones only */
  forwardZones: Token[];
  server: ServerBlock;
}

export function kubernetesPlugins(blocks: ServerBlock[]): KubernetesPlugin[] {
  const out: KubernetesPlugin[] = [];
  for (const server of blocks) {
    for (const directive of server.directives) {
      if (directive.name.text !== 'kubernetes') continue;
      const zones = directive.args.length > 0 ? directive.args : server.keys;
      out.push({ directive, zones, forwardZones: zones.filter((z) => !isReverseZone(z.text)), server });
    }
  }
  return out;
}
