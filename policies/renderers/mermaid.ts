/**
 * The data graph as a Mermaid flowchart, which GitHub and GitLab render in Markdown. Labels are
 * quoted, the characters Mermaid reads inside them written as its entity codes (`#quot;`, `#35;`:
 * mermaid.js.org, flowchart syntax, "Entity codes to escape characters"), control characters
 * dropped, line breaks as `<br/>`; places outside the jurisdiction get the `outside` class.
 */
import type { DataGraph, GraphNode } from '../report/data-graph.js';

const ENTITY: Record<string, string> = { '"': '#quot;', '<': '#lt;', '>': '#gt;', '#': '#35;' };

function label(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/["<>#]/g, (c) => ENTITY[c]!)).join('<br/>')}"`;
}

function shape(node: GraphNode): string {
  const text = label(node.label);
  if (node.kind === 'users') return `([${text}])`;
  if (node.store) return `[(${text})]`;
  return node.kind === 'place' ? `{{${text}}}` : `[${text}]`;
}

const id = (raw: string) => raw.replace(/[^A-Za-z0-9_]/g, '_');

export function mermaidFlowchart(graph: DataGraph): string {
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) lines.push(`  ${id(node.id)}${shape(node)}${node.verdict === 'outside' || node.verdict === 'unknown' ? `:::${node.verdict}` : ''}`);
  for (const e of graph.edges) lines.push(`  ${id(e.from)} --> ${id(e.to)}`);
  lines.push('  classDef outside fill:#fde2e1,stroke:#c9191e,stroke-width:2px,color:#000', '  classDef unknown fill:#fff4ce,stroke:#b58900,stroke-width:2px,color:#000');
  return lines.join('\n');
}
