/**
 * The mesh picture as a self-contained SVG: one column per namespace (application namespaces
 * first, the platform's last), nodes stacked inside, curved edges between them.
 */
import type { Picture, PictureNode } from './model.js';

const NODE_W = 230;
const NODE_H = 46;
// Wide enough for an edge label and a rule id between two columns.
const COL_GAP = 180;
const ROW_GAP = 26;
const PAD = 20;
// Room on the left for the loops (and their labels) of edges inside the first namespace.
const LEFT = 150;
const LANE_GAP = 30;
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
  const pos = new Map<string, { x: number; y: number; col: number }>();
  const colX = (col: number) => LEFT + col * (NODE_W + 20 + COL_GAP);
  let height = 0;
  columns.forEach((ns, col) => {
    const nodes = picture.nodes.filter((n) => n.namespace === ns).sort((a, b) => kindRank(a) - kindRank(b) || (a.label < b.label ? -1 : 1));
    nodes.forEach((n, row) => pos.set(n.id, { x: colX(col) + 10, y: PAD + HEADER + row * (NODE_H + ROW_GAP), col }));
    height = Math.max(height, HEADER + nodes.length * (NODE_H + ROW_GAP));
  });
  // Edges that skip a column run in lanes under the namespaces, so that they cross no node.
  const long = picture.edges.filter((e) => {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    return a && b && Math.abs(a.col - b.col) > 1;
  });
  const laneTop = PAD + height + LANE_GAP;
  const width = colX(columns.length) - COL_GAP + PAD;
  const total = laneTop + long.length * LANE_GAP + PAD;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="mesh picture">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker><marker id="arrow-broken" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${BROKEN}"/></marker></defs>`,
  ];
  columns.forEach((ns, col) => {
    const x = colX(col);
    out.push(`<g class="namespace" data-namespace="${escapeXml(ns)}"><rect x="${x}" y="${PAD}" width="${NODE_W + 20}" height="${height}" rx="8" fill="#f6f8fa" stroke="#d0d7de" stroke-dasharray="4 3"/><text x="${x + 10}" y="${PAD + 20}" font-weight="bold">namespace ${escapeXml(ns)}</text></g>`);
  });
  // Labels go last, over nodes and other edges, with a white halo so that they stay readable.
  const labels: string[] = [];
  for (const edge of picture.edges) {
    const a = pos.get(edge.from);
    const b = pos.get(edge.to);
    if (!a || !b) continue;
    const broken = edge.ruleIds.length > 0;
    const color = broken ? BROKEN : '#57606a';
    const route = routeOf(a, b, laneTop + long.indexOf(edge) * LANE_GAP);
    const dash = edge.kind === 'xds' || edge.kind === 'dns' ? ' stroke-dasharray="5 4"' : '';
    out.push(
      `<g class="edge${broken ? ' broken' : ''}" data-kind="${edge.kind}"><path d="${route.d}" fill="none" stroke="${color}" stroke-width="${broken ? 2.5 : 1.3}"${dash} marker-end="url(#${broken ? 'arrow-broken' : 'arrow'})"/></g>`,
    );
    const text = (y: number, content: string) =>
      `<text class="edge-label" x="${route.lx}" y="${y}" text-anchor="${route.anchor}" fill="${color}" font-size="10" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(content)}</text>`;
    labels.push(text(route.ly - 5, truncate(edge.label, route.anchor === 'end' ? 20 : 30)));
    // The rule ids go under the line, one per row.
    edge.ruleIds.forEach((id, i) => labels.push(text(route.ly + 13 + i * 12, `✗ ${truncate(id, 32)}`)));
  }
  for (const node of picture.nodes) {
    const p = pos.get(node.id);
    if (!p) continue;
    const broken = node.ruleIds.length > 0;
    const sub = node.kind === 'workload' ? (node.injected === undefined ? 'sidecar: unknown' : node.injected ? 'sidecar' : 'no sidecar') : node.kind === 'service' ? (node.headless === false ? 'has a cluster IP' : 'clusterIP: None') : '';
    out.push(
      `<g class="node${broken ? ' broken' : ''}" data-kind="${node.kind}"><rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="${node.kind === 'service' ? 22 : 6}" fill="${KIND_FILL[node.kind]}" stroke="${broken ? BROKEN : '#57606a'}" stroke-width="${broken ? 2.5 : 1}"/><text x="${p.x + 10}" y="${p.y + 19}" font-weight="bold">${escapeXml(truncate(node.label, 32))}</text><text x="${p.x + 10}" y="${p.y + 35}" fill="${broken ? BROKEN : '#57606a'}" font-size="10">${escapeXml(truncate(broken ? `✗ ${node.ruleIds.join(', ')}` : sub, 38))}</text></g>`,
    );
  }
  out.push(...labels, '</svg>');
  return out.join('\n');
}

interface Route {
  d: string;
  lx: number;
  ly: number;
  anchor: 'start' | 'middle' | 'end';
}

/** The path of an edge: a loop on the left within a namespace, a curve to the next column, a lane under the rest. */
function routeOf(a: { x: number; y: number; col: number }, b: { x: number; y: number; col: number }, lane: number): Route {
  const y1 = a.y + NODE_H / 2;
  const y2 = b.y + NODE_H / 2;
  if (a.col === b.col) {
    const bend = 45;
    return { d: `M${a.x},${y1} C${a.x - bend},${y1} ${b.x - bend},${y2} ${b.x},${y2}`, lx: a.x - bend * 0.75 - 4, ly: (y1 + y2) / 2 + 4, anchor: 'end' };
  }
  const forward = b.col > a.col;
  const x1 = forward ? a.x + NODE_W : a.x;
  const x2 = forward ? b.x : b.x + NODE_W;
  const dir = forward ? 1 : -1;
  if (Math.abs(a.col - b.col) === 1) {
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    return { d: `M${x1},${y1} C${x1 + dir * bend},${y1} ${x2 - dir * bend},${y2} ${x2},${y2}`, lx: (x1 + x2) / 2, ly: (y1 + y2) / 2, anchor: 'middle' };
  }
  const turn = COL_GAP / 3;
  return {
    d: `M${x1},${y1} C${x1 + dir * turn},${y1} ${x1 + dir * turn},${lane} ${x1 + dir * turn * 2},${lane} L${x2 - dir * turn * 2},${lane} C${x2 - dir * turn},${lane} ${x2 - dir * turn},${y2} ${x2},${y2}`,
    lx: (x1 + x2) / 2,
    ly: lane,
    anchor: 'middle',
  };
}

function kindRank(node: PictureNode): number {
  return { workload: 1, service: 0, istiod: 2, dns: 3 }[node.kind];
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
