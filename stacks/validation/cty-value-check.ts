/**
 * Does a JSON value fit a cty type, as Terraform's JSON syntax reads it? Strings holding a
 * template (`${…}` or `%{…}`) are expressions: their type is only known at plan time, so they fit
 * any type. Terraform converts `"80"` to a number and `"true"` to a bool, so those fit too.
 */
import type { CtyType } from './provider-schemas.js';

export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && /[$%]\{/.test(value);
}

export function typeName(type: CtyType): string {
  if (typeof type === 'string') return type;
  const [kind, inner] = type;
  if (kind === 'object') return 'object';
  if (kind === 'tuple') return 'tuple';
  return `${kind}(${typeName(inner as CtyType)})`;
}

/** Where a value doesn't fit: the relative path (`[2]`, `.key`) and what was expected; empty when it fits. */
export function typeMismatches(value: unknown, type: CtyType, path = ''): { path: string; expected: string; got: string }[] {
  if (value === null || isExpression(value)) return [];
  const got = Array.isArray(value) ? 'array' : typeof value;
  const miss = [{ path, expected: typeName(type), got }];
  if (typeof type === 'string') {
    switch (type) {
      case 'dynamic':
        return [];
      case 'string':
        return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? [] : miss;
      case 'number':
        return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) ? [] : miss;
      case 'bool':
        return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : miss;
      default:
        return miss;
    }
  }
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(value)) return miss;
    return value.flatMap((v, i) => typeMismatches(v, inner as CtyType, `${path}[${i}]`));
  }
  if (kind === 'map') {
    if (typeof value !== 'object' || Array.isArray(value)) return miss;
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => typeMismatches(v, inner as CtyType, `${path}["${k}"]`));
  }
  if (kind === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return miss;
    const attrs = inner as Record<string, CtyType>;
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      k in attrs ? typeMismatches(v, attrs[k]!, `${path}.${k}`) : [{ path: `${path}.${k}`, expected: 'no such attribute', got }],
    );
  }
  if (kind === 'tuple') {
    const items = inner as CtyType[];
    if (!Array.isArray(value) || value.length !== items.length) return miss;
    return value.flatMap((v, i) => typeMismatches(v, items[i]!, `${path}[${i}]`));
  }
  return miss;
}
