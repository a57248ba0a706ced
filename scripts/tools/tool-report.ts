/**
 * One tool's entry in the last line of `npm run tools -- --json`, the contract test:real codes
 * against: a built tool's location and version, or why it is missing.
 */
export type ToolReport =
  | { path: string; version: string }
  | { mirror: string; version: string }
  | { dir: string; versions: Record<string, string> }
  | { missing: string };

export function isMissing(r: ToolReport): r is { missing: string } {
  return 'missing' in r;
}
