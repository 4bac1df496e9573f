/**
 * The mesh picture as a self-contained SVG: one column per namespace (application namespaces
 * first, the platform's last), nodes stacked inside, curved edges between them.
 */
import type { Picture, PictureNode } from './model.js';

const NODE_W = 230;
const NODE_H = 46;
const COL_GAP = 120;
const ROW_GAP = 26;
const PAD = 20;
const HEADER = 34;
const BROKEN = '#d1242f';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const KIND_FILL: Record<PictureNode['kind'], string> = { service: '#ddf4ff', workload: '#ffffff', istiod: '#fbefff', dns: '#fff8c5' };

export function namespaceOrder(picture: Picture, platform: string[]): string[] {
  return [...picture.namespaces].sort((a, b) => Number(platform.includes(a)) - Number(platform.includes(b)) || (a < b ? -1 : a > b ? 1 : 0));
}

export function toSvg(picture: Picture, platformNamespaces: string[] = ['istio-system', 'kube-system']): string {
  const columns = namespaceOrder(picture, platformNamespaces);
  const pos = new Map<string, { x: number; y: number }>();
  let height = 0;
  columns.forEach((ns, col) => {
    const nodes = picture.nodes.filter((n) => n.namespace === ns).sort((a, b) => kindRank(a) - kindRank(b) || (a.label < b.label ? -1 : 1));
    nodes.forEach((n, row) => pos.set(n.id, { x: PAD + col * (NODE_W + COL_GAP) + 10, y: PAD + HEADER + row * (NODE_H + ROW_GAP) }));
    height = Math.max(height, HEADER + nodes.length * (NODE_H + ROW_GAP));
  });
  const width = PAD * 2 + columns.length * (NODE_W + COL_GAP) - COL_GAP + 20;
  const total = height + PAD * 2;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="mesh picture">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker><marker id="arrow-broken" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${BROKEN}"/></marker></defs>`,
  ];
  columns.forEach((ns, col) => {
    const x = PAD + col * (NODE_W + COL_GAP);
    out.push(`<g class="namespace" data-namespace="${escapeXml(ns)}"><rect x="${x}" y="${PAD}" width="${NODE_W + 20}" height="${height}" rx="8" fill="#f6f8fa" stroke="#d0d7de" stroke-dasharray="4 3"/><text x="${x + 10}" y="${PAD + 20}" font-weight="bold">namespace ${escapeXml(ns)}</text></g>`);
  });
  for (const edge of picture.edges) {
    const a = pos.get(edge.from);
    const b = pos.get(edge.to);
    if (!a || !b) continue;
    const sameColumn = a.x === b.x;
    const forward = b.x > a.x;
    // Within one namespace the edge loops out on the left, so it does not cross the nodes.
    const x1 = sameColumn ? a.x : forward ? a.x + NODE_W : a.x;
    const x2 = sameColumn ? b.x : forward ? b.x : b.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const y2 = b.y + NODE_H / 2;
    const bend = sameColumn ? 45 : Math.max(40, Math.abs(x2 - x1) / 2);
    const c1 = sameColumn ? x1 - bend : forward ? x1 + bend : x1 - bend;
    const c2 = sameColumn ? x2 - bend : forward ? x2 - bend : x2 + bend;
    const broken = edge.ruleIds.length > 0;
    const color = broken ? BROKEN : '#57606a';
    const dash = edge.kind === 'xds' || edge.kind === 'dns' ? ' stroke-dasharray="5 4"' : '';
    const label = broken ? `${truncate(edge.label, 24)} ✗ ${edge.ruleIds.join(', ')}` : truncate(edge.label, 30);
    out.push(
      `<g class="edge${broken ? ' broken' : ''}" data-kind="${edge.kind}"><path d="M${x1},${y1} C${c1},${y1} ${c2},${y2} ${x2},${y2}" fill="none" stroke="${color}" stroke-width="${broken ? 2.5 : 1.3}"${dash} marker-end="url(#${broken ? 'arrow-broken' : 'arrow'})"/><text x="${sameColumn ? x1 - bend + 2 : (x1 + x2) / 2}" y="${(y1 + y2) / 2 - 5}" text-anchor="${sameColumn ? 'start' : 'middle'}" fill="${color}" font-size="10">${escapeXml(label)}</text></g>`,
    );
  }
  for (const node of picture.nodes) {
    const p = pos.get(node.id);
    if (!p) continue;
    const broken = node.ruleIds.length > 0;
    const sub = node.kind === 'workload' ? (node.injected === undefined ? 'sidecar: unknown' : node.injected ? 'sidecar' : 'no sidecar') : node.kind === 'service' ? 'clusterIP: None' : '';
    out.push(
      `<g class="node${broken ? ' broken' : ''}" data-kind="${node.kind}"><rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="${node.kind === 'service' ? 22 : 6}" fill="${KIND_FILL[node.kind]}" stroke="${broken ? BROKEN : '#57606a'}" stroke-width="${broken ? 2.5 : 1}"/><text x="${p.x + 10}" y="${p.y + 19}" font-weight="bold">${escapeXml(truncate(node.label, 32))}</text><text x="${p.x + 10}" y="${p.y + 35}" fill="${broken ? BROKEN : '#57606a'}" font-size="10">${escapeXml(truncate(broken ? `✗ ${node.ruleIds.join(', ')}` : sub, 38))}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

function kindRank(node: PictureNode): number {
  return { workload: 1, service: 0, istiod: 2, dns: 3 }[node.kind];
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
