/**
 * Running one external tool inside a step: execa with an argument array (never a shell), output
 * streamed line by line to the event bus (redacted there), stdout kept for the caller. Outputs that
 * carry secrets or bulk JSON (`tofu output -json`, `tofu show -json`) are captured but not streamed.
 * A tool gets what is left of its step's time (step-deadline.ts), and what it prints is bounded:
 * past STREAMED_BYTES_CAP of streamed output only the last TAIL_KEPT_LINES are kept, and said so.
 */
import { execa } from 'execa';
import { basename } from 'node:path';
import type { EventBus } from '../progress/event-bus.js';
import type { StepDeadline } from '../flows/step-deadline.js';

/** Streamed output (progress, the log) kept per tool run: a tool printing without end can't fill the disk or the memory. */
export const STREAMED_BYTES_CAP = 8 * 1024 * 1024;
/** Lines kept from the end once the cap is passed: where a tool's error is. */
export const TAIL_KEPT_LINES = 400;
/** Captured stdout (plan JSON, outputs) larger than this is refused rather than held. */
const CAPTURED_BYTES_CAP = 512 * 1024 * 1024;
/** After the polite SIGTERM of a timed-out tool, how long before SIGKILL. */
const FORCE_KILL_AFTER_MS = 30_000;

/** What running a tool needs from the run: where its lines go, and the step's clock. */
export interface ToolRunContext {
  bus: EventBus;
  deadline: StepDeadline;
}

export interface ToolCall {
  step: string;
  program: string;
  args: string[];
  cwd: string;
  /** The complete environment of the child (see child-environment.ts). */
  env: NodeJS.ProcessEnv;
  /** Keep stdout out of the progress and the log (it holds secrets or large JSON). */
  captureStdout?: boolean;
  /** Written to the tool's stdin (how a secret value reaches `pulumi config set`: never argv). */
  input?: string;
}

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How many of the tool's last lines a failure message quotes when it has no `Error:` block. */
const TAIL_LINES = 15;

export class ToolFailed extends Error {
  constructor(
    /** e.g. `tofu plan`. */
    readonly command: string,
    readonly exitCode: number | undefined,
    /** The tool's own error text. */
    readonly toolError: string,
  ) {
    super(`${command} failed${exitCode === undefined ? '' : ` (exit ${exitCode})`}:\n${toolError}`);
    this.name = 'ToolFailed';
  }
}

function commandLabel(call: Pick<ToolCall, 'program' | 'args'>): string {
  const sub = call.args.find((a) => !a.startsWith('-'));
  return sub ? `${basename(call.program)} ${sub}` : basename(call.program);
}

/**
 * The tool's own error: OpenTofu/Terraform diagnostics from the first `Error:` line on, Pulumi's
 * `error:` lines, else the last lines of stderr (or stdout).
 */
export function toolErrorText(stderr: string, stdout: string): string {
  const lines = stderr.split('\n').map((l) => l.replace(/^[│╷╵]\s?/, '').trimEnd());
  const first = lines.findIndex((l) => /^Error: /.test(l));
  if (first >= 0) return lines.slice(first).join('\n').trim();
  const pulumi = lines.filter((l) => /^\s*error: /.test(l));
  if (pulumi.length > 0) return pulumi.map((l) => l.trim()).join('\n');
  const source = stderr.trim() !== '' ? stderr : stdout;
  return source.trim().split('\n').slice(-TAIL_LINES).join('\n') || '(the tool printed nothing)';
}

/** One stream's lines: streamed and kept up to the cap, then only a tail, counted. */
class BoundedLines {
  private bytes = 0;
  private skipped = 0;
  private readonly tail: string[] = [];

  constructor(
    private readonly bus: EventBus,
    private readonly step: string,
    private readonly stream: 'stdout' | 'stderr',
  ) {}

  /** The execa transform: yields (keeps) a line only while under the cap. */
  transform() {
    const self = this;
    return function* (line: unknown) {
      const text = String(line);
      self.bytes += Buffer.byteLength(text) + 1;
      if (self.bytes <= STREAMED_BYTES_CAP) {
        self.bus.emit({ type: 'step-output', step: self.step, stream: self.stream, line: text });
        yield text;
        return;
      }
      self.skipped += 1;
      self.tail.push(text);
      if (self.tail.length > TAIL_KEPT_LINES) self.tail.shift();
    };
  }

  /** After the run: the kept head, a note of what was left out, and the tail. */
  finish(head: string): string {
    if (this.skipped === 0) return head;
    const left = this.skipped - this.tail.length;
    const note = `[socle: ${left} lines (${Math.round(this.bytes / 1024 / 1024)} MiB in all) left out; the last ${this.tail.length} follow]`;
    this.bus.emit({ type: 'step-output', step: this.step, stream: this.stream, line: note });
    for (const line of this.tail) this.bus.emit({ type: 'step-output', step: this.step, stream: this.stream, line });
    return [head, note, ...this.tail].join('\n');
  }
}

export async function runTool(run: ToolRunContext, call: ToolCall): Promise<ToolResult> {
  const stdout = new BoundedLines(run.bus, call.step, 'stdout');
  const stderr = new BoundedLines(run.bus, call.step, 'stderr');
  const timeoutMs = run.deadline.remainingMs();
  const result = await execa(call.program, call.args, {
    cwd: call.cwd,
    env: call.env,
    extendEnv: false,
    reject: false,
    ...(call.input !== undefined ? { input: call.input } : { stdin: 'ignore' as const }),
    stdout: call.captureStdout ? 'pipe' : stdout.transform(),
    stderr: stderr.transform(),
    maxBuffer: CAPTURED_BYTES_CAP,
    timeout: timeoutMs,
    forceKillAfterDelay: FORCE_KILL_AFTER_MS,
  });
  if (result.timedOut) {
    throw new ToolFailed(commandLabel(call), undefined, `did not finish within the step's ${run.deadline.seconds} s (--step-timeout) and was stopped`);
  }
  if (result.isMaxBuffer) throw new ToolFailed(commandLabel(call), undefined, `printed more than ${CAPTURED_BYTES_CAP / 1024 / 1024} MiB where socle reads its output whole`);
  if (result.exitCode === undefined) {
    // The process never ran (ENOENT, EACCES): execa's message names the cause.
    throw new ToolFailed(commandLabel(call), undefined, (result as { originalMessage?: string }).originalMessage ?? result.message ?? `could not start ${call.program}`);
  }
  return {
    exitCode: result.exitCode,
    stdout: call.captureStdout ? String(result.stdout) : stdout.finish(String(result.stdout)),
    stderr: stderr.finish(String(result.stderr)),
  };
}

/** Runs the tool and throws ToolFailed unless it exits with one of `okCodes`. */
export async function runToolOk(run: ToolRunContext, call: ToolCall, okCodes: readonly number[] = [0]): Promise<ToolResult> {
  const result = await runTool(run, call);
  if (!okCodes.includes(result.exitCode)) throw new ToolFailed(commandLabel(call), result.exitCode, run.bus.redact(toolErrorText(result.stderr, result.stdout)));
  return result;
}
