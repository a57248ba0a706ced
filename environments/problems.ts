/** A problem found in an environment file: where it is, what is wrong, how to fix it. */

export interface Problem {
  /** Stable machine-readable code, e.g. `unknown-key`, `yaml-syntax`, `unknown-region`. */
  code: string;
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  col: number;
  /** Dotted field path (`cloud.region`, `waivers[0].owner`); empty for the whole file. */
  path: string;
  message: string;
  hint?: string;
}

/** Bad input: carries every problem found, never a stack trace to the user. */
export class EnvironmentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'EnvironmentError';
  }
}

/**
 * Text from the file (keys, values, its name) is printed with its control characters escaped: a
 * newline in a value could forge a problem line, an ANSI or OSC sequence repaint the terminal, a
 * right-to-left override reverse what follows.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  const hint = p.hint ? `  (${p.hint})` : '';
  return printable(`${where}  ${p.path || '(file)'}  ${p.message}${hint}`);
}

/** More problems than this are one mistake repeated (a pasted block, a generated file): the rest are counted, not listed. */
export const MAX_PROBLEMS = 100;

/** The problems to report: sorted, at most MAX_PROBLEMS, the last one saying how many more there were. */
export function capProblems(problems: Problem[]): Problem[] {
  const sorted = sortProblems(problems);
  if (sorted.length <= MAX_PROBLEMS) return sorted;
  const more = sorted.length - (MAX_PROBLEMS - 1);
  const first = sorted[0]!;
  return [
    ...sorted.slice(0, MAX_PROBLEMS - 1),
    { code: 'too-many-problems', file: first.file, line: 0, col: 0, path: '', message: `and ${more} more problems, not listed`, hint: 'fix the ones above first: most are often the same mistake' },
  ];
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col || a.path.localeCompare(b.path) || a.code.localeCompare(b.code));
}
