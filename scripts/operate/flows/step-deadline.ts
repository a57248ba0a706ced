/**
 * How long one step of plan/deploy/destroy may take (`--step-timeout`, default
 * DEFAULT_STEP_TIMEOUT_SECONDS): the step runner starts the clock at each step, and every tool the
 * step runs gets what is left of it — a tool still running then is stopped, and the step fails
 * with the resume hint, instead of socle hanging on a hung `tofu plan` or `pulumi up`.
 */
import { UsageError } from '../../command.js';

/** Long enough for the slowest step seen (a 9,000-user cluster apply, a first `pulumi up`), short enough that a hang surfaces the same day. */
export const DEFAULT_STEP_TIMEOUT_SECONDS = 7200;

export class StepDeadline {
  private endsAt: number | undefined;

  constructor(
    readonly seconds: number = DEFAULT_STEP_TIMEOUT_SECONDS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A step begins: its tools share `seconds` from now. */
  start(): void {
    this.endsAt = this.now() + this.seconds * 1000;
  }

  /** What is left for the next tool of the current step, in milliseconds (at least 1). */
  remainingMs(): number {
    if (this.endsAt === undefined) return this.seconds * 1000;
    return Math.max(1, this.endsAt - this.now());
  }
}

/** The option plan, deploy and destroy share, with its help line. */
export const STEP_TIMEOUT_OPTION = { 'step-timeout': { type: 'string' } } as const;
export const STEP_TIMEOUT_HELP: [string, string] = ['--step-timeout SECONDS', `longest a step may run, its tools included; a tool still running then is stopped (default ${DEFAULT_STEP_TIMEOUT_SECONDS})`];

/** `--step-timeout` as given on the command line: a whole number of seconds, at least 1. */
export function stepTimeoutSeconds(value: unknown): number {
  if (value === undefined) return DEFAULT_STEP_TIMEOUT_SECONDS;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--step-timeout must be a whole number of seconds, at least 1 (got "${String(value)}")`);
  return n;
}
