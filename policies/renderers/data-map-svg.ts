/**
 * The data graph drawn as inline SVG, for the HTML report: three columns (the users; the apps
 * and socle's own parts; every place the data goes), straight-to-curved edges between them,
 * places outside the jurisdiction in red, unknown ones in amber. Pure text, no script, no font
 * or image to fetch: the page stays self-contained and prints as drawn.
 */
import type { DataGraph, GraphNode } from '../report/data-graph.js';

const WIDTH = 1000;
const COLUMN_X = [10, 300, 620];
const COLUMN_WIDTH = [200, 220, 370];
const LINE = 15;
const GAP = 14;
const MAX_CHARS = 52;

export function xml(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const cut = (line: string) => (line.length > MAX_CHARS ? `${line.slice(0, MAX_CHARS - 1)}…` : line);

function column(node: GraphNode): number {
  return node.kind === 'users' ? 0 : node.kind === 'place' ? 2 : 1;
}

const STYLE: Record<string, { fill: string; stroke: string }> = {
  outside: { fill: '#fde2e1', stroke: '#c9191e' },
  unknown: { fill: '#fff4ce', stroke: '#b58900' },
  place: { fill: '#eef6ee', stroke: '#3b7d3b' },
  other: { fill: '#eef1fa', stroke: '#3a4f91' },
};

export function dataMapSvg(graph: DataGraph, title: string): string {
  const columns: GraphNode[][] = [[], [], []];
  for (const node of graph.nodes) columns[column(node)]!.push(node);
  const heights = (nodes: GraphNode[]) => nodes.map((n) => n.label.length * LINE + 12);
  const total = Math.max(...columns.map((nodes) => heights(nodes).reduce((a, b) => a + b + GAP, 0)));
  const at = new Map<string, { x: number; y: number; w: number; h: number }>();
  columns.forEach((nodes, c) => {
    const hs = heights(nodes);
    const used = hs.reduce((a, b) => a + b + GAP, 0);
    let y = 10 + (total - used) / 2;
    nodes.forEach((node, i) => {
      at.set(node.id, { x: COLUMN_X[c]!, y, w: COLUMN_WIDTH[c]!, h: hs[i]! });
      y += hs[i]! + GAP;
    });
  });
  const height = Math.ceil(total + 20);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${xml(title)}" class="data-map">`, `<title>${xml(title)}</title>`];
  for (const edge of graph.edges) {
    const [a, b] = [at.get(edge.from), at.get(edge.to)];
    if (!a || !b) continue;
    const [x1, y1, x2, y2] = [a.x + a.w, a.y + a.h / 2, b.x, b.y + b.h / 2];
    const mid = (x1 + x2) / 2;
    out.push(`<path d="M${x1} ${y1.toFixed(1)} C${mid} ${y1.toFixed(1)} ${mid} ${y2.toFixed(1)} ${x2} ${y2.toFixed(1)}" fill="none" stroke="#8a8fa3" stroke-width="1"/>`);
  }
  for (const node of graph.nodes) {
    const box = at.get(node.id)!;
    const style = node.verdict === 'outside' || node.verdict === 'unknown' ? STYLE[node.verdict]! : node.kind === 'place' ? STYLE['place']! : STYLE['other']!;
    const radius = node.kind === 'users' ? box.h / 2 : node.store ? 12 : 4;
    out.push(`<g class="node ${node.kind}${node.verdict ? ` ${node.verdict}` : ''}" data-id="${xml(node.id)}">`);
    out.push(`<rect x="${box.x}" y="${box.y.toFixed(1)}" width="${box.w}" height="${box.h}" rx="${radius.toFixed(1)}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${node.verdict === 'outside' ? 3 : 1.5}"/>`);
    node.label.forEach((line, i) => {
      out.push(`<text x="${box.x + 8}" y="${(box.y + 6 + LINE * (i + 1) - 3).toFixed(1)}" font-size="${i === 0 ? 13 : 11}"${i === 0 ? ' font-weight="bold"' : ''} fill="#111">${xml(cut(line))}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}
