/**
 * Running one external tool inside a step: execa with an argument array (never a shell), output
 * streamed line by line to the event bus (redacted there), stdout kept for the caller. Outputs that
 * carry secrets or bulk JSON (`tofu output -json`, `tofu show -json`) are captured but not streamed.
 */
import { execa } from 'execa';
import { basename } from 'node:path';
import type { EventBus } from './event-bus.js';

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

export async function runTool(bus: EventBus, call: ToolCall): Promise<ToolResult> {
  const tap = (stream: 'stdout' | 'stderr') =>
    function* (line: unknown) {
      bus.emit({ type: 'step-output', step: call.step, stream, line: String(line) });
      yield line;
    };
  const result = await execa(call.program, call.args, {
    cwd: call.cwd,
    env: call.env,
    extendEnv: false,
    reject: false,
    ...(call.input !== undefined ? { input: call.input } : { stdin: 'ignore' as const }),
    stdout: call.captureStdout ? 'pipe' : tap('stdout'),
    stderr: tap('stderr'),
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.exitCode === undefined) {
    // The process never ran (ENOENT, EACCES): execa's message names the cause.
    throw new ToolFailed(commandLabel(call), undefined, (result as { originalMessage?: string }).originalMessage ?? result.message ?? `could not start ${call.program}`);
  }
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Runs the tool and throws ToolFailed unless it exits with one of `okCodes`. */
export async function runToolOk(bus: EventBus, call: ToolCall, okCodes: readonly number[] = [0]): Promise<ToolResult> {
  const result = await runTool(bus, call);
  if (!okCodes.includes(result.exitCode)) throw new ToolFailed(commandLabel(call), result.exitCode, bus.redact(toolErrorText(result.stderr, result.stdout)));
  return result;
}
