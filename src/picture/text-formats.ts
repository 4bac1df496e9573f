/** The mesh picture as Mermaid and Graphviz DOT text; broken edges in red, labelled with rule ids. */
import type { Picture, PictureEdge } from './model.js';

const BROKEN = '#d1242f';

function edgeLabel(edge: PictureEdge): string {
  return edge.ruleIds.length > 0 ? `${edge.label} ✗ ${edge.ruleIds.join(', ')}` : edge.label;
}

const mermaidText = (text: string) => text.replace(/"/g, '#quot;');

export function toMermaid(picture: Picture): string {
  const lines = ['flowchart LR'];
  for (const ns of picture.namespaces) {
    lines.push(`  subgraph ns_${ns.replace(/[^A-Za-z0-9_]/g, '_')}["namespace ${mermaidText(ns)}"]`);
    for (const node of picture.nodes.filter((n) => n.namespace === ns)) {
      const label = mermaidText(node.label + (node.ruleIds.length ? `<br/>✗ ${node.ruleIds.join(', ')}` : ''));
      lines.push(node.kind === 'service' ? `    ${node.id}(["${label}"])` : `    ${node.id}["${label}"]`);
    }
    lines.push('  end');
  }
  const styles: string[] = [];
  picture.edges.forEach((edge, i) => {
    const arrow = edge.kind === 'xds' || edge.kind === 'dns' ? '-.->' : '-->';
    lines.push(`  ${edge.from} ${arrow}|"${mermaidText(edgeLabel(edge))}"| ${edge.to}`);
    if (edge.ruleIds.length > 0) styles.push(`  linkStyle ${i} stroke:${BROKEN},stroke-width:2px,color:${BROKEN}`);
  });
  for (const node of picture.nodes.filter((n) => n.ruleIds.length > 0)) styles.push(`  style ${node.id} stroke:${BROKEN},stroke-width:2px`);
  return [...lines, ...styles, ''].join('\n');
}

const dotText = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function toDot(picture: Picture): string {
  const lines = ['digraph mesh {', '  rankdir=LR;', '  node [shape=box, style="rounded", fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const ns of picture.namespaces) {
    lines.push(`  subgraph "cluster_${dotText(ns)}" {`, `    label="namespace ${dotText(ns)}";`, '    style="dashed";');
    for (const node of picture.nodes.filter((n) => n.namespace === ns)) {
      const label = node.label + (node.ruleIds.length ? `\n✗ ${node.ruleIds.join(', ')}` : '');
      const attrs = [`label="${dotText(label)}"`, node.kind === 'service' ? 'shape=ellipse' : '', node.ruleIds.length ? `color="${BROKEN}"` : ''].filter(Boolean);
      lines.push(`    "${node.id}" [${attrs.join(', ')}];`);
    }
    lines.push('  }');
  }
  for (const edge of picture.edges) {
    const attrs = [`label="${dotText(edgeLabel(edge))}"`, edge.kind === 'xds' || edge.kind === 'dns' ? 'style=dashed' : '', edge.ruleIds.length ? `color="${BROKEN}", fontcolor="${BROKEN}", penwidth=2` : ''].filter(Boolean);
    lines.push(`  "${edge.from}" -> "${edge.to}" [${attrs.join(', ')}];`);
  }
  lines.push('}', '');
  return lines.join('\n');
}
