/** Deterministic JSON for artifacts and `--format json`: two-space indent, trailing newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
