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
    // `{$VAR}` / `{%VAR%}` are environment placeholders, one token, not a block.
    const re = /"([^"]*)"|\{[$%][^}\s]*\}|[{}]|[^\s{}#"]+|#.*/g;
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
  const snippets = new Map<string, Directive[]>();
  while (i < tokens.length) {
    const keys: Token[] = [];
    while (i < tokens.length && (tokens[i] as Token).text !== '{') {
      keys.push(tokens[i] as Token);
      i++;
    }
    if (i >= tokens.length) break;
    i++; // '{'
    const directives = readBlock();
    // `(name) { ... }` defines a snippet that server blocks pull in with `import name`.
    const first = keys[0]?.text ?? '';
    if (keys.length === 1 && first.startsWith('(') && first.endsWith(')')) {
      snippets.set(first.slice(1, -1), directives);
      continue;
    }
    blocks.push({ keys: splitKeys(keys), directives });
  }
  for (const block of blocks) block.directives = expandImports(block.directives, snippets);
  return blocks;
}

/** Keys may be separated by commas as well as spaces (`a.local, b.local:53`). */
function splitKeys(keys: Token[]): Token[] {
  const out: Token[] = [];
  for (const key of keys) {
    let offset = 0;
    for (const part of key.text.split(',')) {
      if (part) out.push({ text: part, line: key.line, column: key.column + offset });
      offset += part.length + 1;
    }
  }
  return out;
}

function expandImports(directives: Directive[], snippets: Map<string, Directive[]>): Directive[] {
  return directives.flatMap((d) => {
    const snippet = d.name.text === 'import' && d.args.length === 1 ? snippets.get((d.args[0] as Token).text) : undefined;
    return snippet ?? [d];
  });
}

/** A server key or plugin zone as a bare domain: scheme, port and trailing dot removed ('' is the root). */
export function normalizeZone(zone: string): string {
  return zone
    .replace(/^[a-z0-9+]+:\/\//i, '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** An environment placeholder (`{$VAR}`) whose value only the running CoreDNS knows. */
export function isPlaceholder(text: string): boolean {
  return /\{[$%]/.test(text);
}

/** Reverse zones are served by the kubernetes plugin for PTR records; they are not a cluster domain. */
export function isReverseZone(zone: string): boolean {
  const z = normalizeZone(zone);
  // CoreDNS also accepts a CIDR (10.0.0.0/8) for the reverse zone it stands for.
  return z.endsWith('in-addr.arpa') || z.endsWith('ip6.arpa') || /^[\d.:a-f]+\/\d+$/.test(z);
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

/**
 * The server block that receives a query for `name`: CoreDNS matches the query against every
 * server's zones and the longest match wins (coredns corefile.5 manual, "Server Blocks").
 */
export function serverFor(blocks: ServerBlock[], name: string): ServerBlock | undefined {
  const query = normalizeZone(name);
  let best: { block: ServerBlock; length: number } | undefined;
  for (const block of blocks) {
    for (const key of block.keys) {
      const zone = normalizeZone(key.text);
      const matches = zone === '' || query === zone || query.endsWith(`.${zone}`);
      if (matches && (!best || zone.length > best.length)) best = { block, length: zone.length };
    }
  }
  return best?.block;
}
