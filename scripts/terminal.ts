/** Colours only on a terminal, never with NO_COLOR (https://no-color.org). */
import type { Io } from './command.js';

export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

export function paint(io: Io, stream: 'stdout' | 'stderr' = 'stdout'): Paint {
  const on = Boolean(io[stream].isTTY) && !('NO_COLOR' in io.env && io.env['NO_COLOR'] !== '');
  const wrap = (code: number, reset: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[${reset}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), bold: wrap(1, 22), dim: wrap(2, 22) };
}

/** A plain-text table: columns padded, numbers right-aligned. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || /^[\d.,\s€%-]+$/.test(String(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}
