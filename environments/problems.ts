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

export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  const hint = p.hint ? `  (${p.hint})` : '';
  return `${where}  ${p.path || '(file)'}  ${p.message}${hint}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col || a.path.localeCompare(b.path) || a.code.localeCompare(b.code));
}
