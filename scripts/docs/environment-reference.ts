/** The environment field reference, generated from the JSON Schema (one definition, one doc). */
import { ENVIRONMENT_SCHEMA } from '../../environments/schema-validation.js';

interface SchemaNode {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
}

function resolveRef(node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const path = node.$ref.replace(/^#\//, '').split('/');
  return path.reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], ENVIRONMENT_SCHEMA) as SchemaNode;
}

function typeOf(node: SchemaNode): string {
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const range = node.minimum !== undefined || node.maximum !== undefined ? ` ${node.minimum ?? ''}…${node.maximum ?? ''}` : '';
  if (node.type === 'array') return `list of ${node.items ? typeOf(resolveRef(node.items)) : 'values'}`;
  return `${node.type ?? 'value'}${range}`;
}

function rows(node: SchemaNode, prefix: string, out: string[]): void {
  const required = new Set(node.required ?? []);
  for (const [key, raw] of Object.entries(node.properties ?? {})) {
    if (key === '$schema') continue;
    const child = resolveRef(raw);
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(`| \`${path}\` | ${typeOf(child)} | ${required.has(key) ? 'yes' : ''} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`);
    if (child.properties) rows(child, path, out);
    if (child.type === 'array' && child.items && resolveRef(child.items).properties) rows(resolveRef(child.items), `${path}[]`, out);
  }
}

export function environmentReferenceMarkdown(): string {
  const out: string[] = [];
  rows(ENVIRONMENT_SCHEMA as SchemaNode, '', out);
  return `<!-- generated — do not edit — regenerate with \`npm run docs\` -->\n# Environment file reference\n\nEvery field of \`environments/*.yaml\` (schema: \`environments/schema/environment.schema.json\`). Layering: built-in defaults ← profile ← file.\n\n| field | type | required | meaning and default |\n|---|---|---|---|\n${out.join('\n')}\n`;
}
