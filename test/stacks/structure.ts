/**
 * The structure of a Terraform document, without its numbers: per-node resources (`media_3`)
 * collapse into one (`media_#`), member lists into their distinct shapes; what is left differs
 * between two sizes of the same environment only where counts or sizes show.
 */
import type { TfDoc } from './synthesized.js';

const INDEXED = /(?<=[a-z])_\d+\b/g;
/** Node names (`pilot-media-3`), wherever they appear (names, descriptions). */
const NODE_NAME = /(?<=(?:control-plane|general|media|database))-\d+\b/g;

function collapse(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(INDEXED, '_#').replace(NODE_NAME, '-#');
  if (Array.isArray(value)) {
    const seen = new Map<string, unknown>();
    for (const item of value.map(collapse)) seen.set(JSON.stringify(item), item);
    return [...seen.values()];
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k.replace(INDEXED, '_#')] = collapse(v);
    return out;
  }
  return value;
}

export function structure(doc: TfDoc): TfDoc {
  return collapse(doc) as TfDoc;
}

/** Leaf paths where two documents differ (`a.b[0].c`), sorted. */
export function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences((a as TfDoc)[k], (b as TfDoc)[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k));
  }
  return [path];
}
