/** What every `socle` command is: a name, its help, and a run function returning the exit code. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes, the same for every command. */
export const EXIT = {
  /** The command ran and found nothing blocking. */
  ok: 0,
  /** The command ran and found blocking problems (findings, failed steps). */
  blocking: 1,
  /** Bad input or usage. */
  badInput: 2,
} as const;

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  name: string;
  summary: string;
  /** e.g. `socle size [environment] [--format table|json]`. */
  usage: string;
  /** Option descriptions, printed by `--help`, in the order given. */
  optionHelp: [string, string][];
  options: Options;
  /** Longer text after the options in `--help`. */
  details?: string;
  /** Loads its dependencies with import() (beyond a few small modules): `socle --help` loads none. */
  run(io: Io, values: Record<string, string | boolean | string[] | boolean[] | undefined>, positionals: string[]): Promise<number>;
}

/** Wrong usage: reported as a message and exit code 2. */
export class UsageError extends Error {}

/** The problems were already printed (as JSON); the caller exits 2. */
export class ProblemsPrinted extends Error {}

export function parseCommandArgs(command: Command, args: string[]) {
  try {
    return parseArgs({ args, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional.*$/s, '')}\nusage: ${command.usage}`);
  }
}

export function helpText(command: Command): string {
  const width = Math.max(0, ...command.optionHelp.map(([o]) => o.length)) + 2;
  const opts = [...command.optionHelp, ['-h, --help', 'show this help']].map(([o, d]) => `  ${o!.padEnd(width)}${d}`).join('\n');
  return `${command.summary}\n\nusage: ${command.usage}\n\noptions:\n${opts}\n${command.details ? `\n${command.details}\n` : ''}`;
}

/** `--format` values accepted by a command. */
export function formatOption<T extends string>(value: unknown, allowed: readonly T[], fallback: T, option = '--format'): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${String(value)}")`);
}
