/**
 * The frame every plan/deploy/destroy run shares: load the environment, open the run log and the
 * progress display, synthesize (when the command does), run the preflight, then the command's
 * steps, then its summary. Exit codes: 0 done, 1 a step failed or found something blocking,
 * 2 bad input or a failed preflight (nothing changed).
 */
import { resolve } from 'node:path';
import type { Environment } from '../../../environments/environment.js';
import { EXIT, type Io } from '../../command.js';
import { loadForCommand } from '../../load-for-command.js';
import { EventBus } from '../progress/event-bus.js';
import type { EventSink, OperateCommand } from '../progress/events.js';
import { localStateKept } from '../state/local-state-guard.js';
import type { OperateContext, OperateDeps } from './operate-context.js';
import { formatPreflightNote, formatPreflightProblems, preflight } from './preflight.js';
import { JsonEvents } from '../progress/progress-json.js';
import { PlainProgress } from '../progress/progress-plain.js';
import { TtyProgress } from '../progress/progress-tty.js';
import { secretValues } from '../progress/redaction.js';
import { RunLog, runLogPath } from '../progress/run-log.js';
import { orderStacks, StackCycleError } from './stack-order.js';
import { DEFAULT_STEP_TIMEOUT_SECONDS, StepDeadline } from './step-deadline.js';
import { runSteps, type RunOutcome, type Step } from './step-runner.js';
import { STACK_NAMES } from '../../../stacks/stack-names.js';
import { readSynthesizedStacks } from '../state/synthesized-stacks.js';
import type { ToolName } from '../tools/tool-catalogue.js';

export interface OperateOptions {
  json: boolean;
  /** `--step-timeout`: seconds one step (all its tools) may take. */
  stepTimeoutSeconds?: number;
}

export interface Flow {
  command: OperateCommand;
  tools: ToolName[];
  /** Options to repeat when telling the operator how to re-run (`--auto-approve`…). */
  rerunFlags: string[];
  /** Synthesize before anything (deploy does not: it applies what plan synthesized). */
  synth: boolean;
  /** Before the steps: may stop the run with an exit code and a message (no plan, not confirmed…). */
  prepare(ctx: OperateContext): Promise<{ exitCode: number; message: string } | undefined>;
  /** Identifies the inputs of the run: a failed run resumes only on the same ones. */
  fingerprint(ctx: OperateContext): string;
  steps(ctx: OperateContext): Step<OperateContext>[];
  /** Human summary and its machine form, once the steps ended (also after a failure). */
  summary(ctx: OperateContext, outcome: RunOutcome): { text: string; data: unknown };
}

export function outDirFor(io: Io, environment: Environment): string {
  return resolve(io.cwd, 'out', environment.name);
}

function reporter(io: Io, options: OperateOptions): EventSink {
  if (options.json) return new JsonEvents(io.stdout);
  return io.stderr.isTTY ? new TtyProgress(io.stderr as { write(s: string): unknown; columns?: number }) : new PlainProgress(io.stderr);
}

export async function runFlow(io: Io, flow: Flow, positionals: string[], options: OperateOptions, deps: OperateDeps): Promise<number> {
  const { environment, file } = loadForCommand(io, positionals, 'table');
  const outDir = outDirFor(io, environment);
  const started = Date.now();
  const log = new RunLog(runLogPath(outDir, flow.command, new Date(started)));
  const bus = new EventBus([log, reporter(io, options)], secretValues(io.env, io.cwd));
  const end = (exitCode: number) => {
    bus.emit({ type: 'run-end', command: flow.command, ok: exitCode === EXIT.ok, exitCode, seconds: Math.round((Date.now() - started) / 100) / 10 });
    bus.close();
    return exitCode;
  };
  const fail = (exitCode: number, message: string) => {
    bus.emit({ type: 'message', level: 'error', text: message });
    if (options.json) io.stderr.write(`${bus.redact(message)}\n`);
    return end(exitCode);
  };
  bus.emit({ type: 'run-start', command: flow.command, environment: environment.name, log: log.path });

  if (flow.synth) {
    localStateKept(outDir, () => deps.synth(environment, outDir));
    bus.emit({ type: 'message', level: 'info', text: `synthesized ${outDir}` });
  }
  const stacks = readSynthesizedStacks(outDir);
  if (stacks.length === 0) return fail(EXIT.badInput, `no Terraform stacks under ${outDir}/terraform: run \`socle plan ${environment.name}\` first`);
  let order;
  try {
    order = orderStacks(stacks, STACK_NAMES);
  } catch (e) {
    if (e instanceof StackCycleError) return fail(EXIT.blocking, e.message);
    throw e;
  }
  bus.emit({ type: 'message', level: 'info', text: `stacks, in order: ${order.order.join(' → ')}` });

  const checked = await preflight({ environment, env: io.env, cwd: io.cwd, tools: flow.tools, stacks, outDir, quotas: flow.command !== 'destroy', pulumi: flow.tools.includes('pulumi'), deps, onSecret: (value) => bus.addSecret(value) });
  for (const note of checked.notes) bus.emit({ type: 'message', level: note.level, text: formatPreflightNote(note) });
  if (!checked.ok) return fail(EXIT.badInput, formatPreflightProblems(checked.problems).trimEnd());

  // Absolute: the Pulumi program and the policy check run from other folders.
  const deadline = new StepDeadline(options.stepTimeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS);
  const ctx: OperateContext = { environment, environmentFile: resolve(io.cwd, file), outDir, cwd: io.cwd, env: io.env, tools: checked.tools, bus, deps, stacks, order, deadline };
  const stop = await flow.prepare(ctx);
  if (stop) return fail(stop.exitCode, stop.message);

  const outcome = await runSteps(ctx, flow.steps(ctx), { bus, outDir, command: flow.command, fingerprint: flow.fingerprint(ctx), deadline, rerun: [`socle ${flow.command}`, ...positionals, ...flow.rerunFlags].join(' ') });
  const summary = flow.summary(ctx, outcome);
  bus.emit({ type: 'summary', command: flow.command, summary: summary.data });
  if (!options.json) io.stdout.write(bus.redact(summary.text));
  return end(outcome.ok ? EXIT.ok : EXIT.blocking);
}
