/**
 * Runs a command's steps in order, recording each finished one in the run state; after a failure
 * the same command resumes at the failed step. A failure names the step, quotes the tool's own
 * error and says what to do next.
 */
import type { EventBus } from '../progress/event-bus.js';
import type { OperateCommand } from '../progress/events.js';
import type { StepDeadline } from './step-deadline.js';
import { startRunState, writeRunState, type RunState, type StepResult } from '../state/run-state.js';
import { ToolFailed } from '../tools/tool-process.js';

export interface StepOutcome {
  /** One line shown when the step ends ("3 to add, 1 to change"). */
  note?: string;
  /** What later steps (or a resumed run) need to know; must hold no secret. */
  result?: StepResult;
}

/** Results of the steps finished so far, this run or the one it resumes. */
export type StepResults = Readonly<Record<string, StepResult>>;

export interface Step<C> {
  id: string;
  title: string;
  /** What the operator does when this step fails, before re-running. */
  next: string;
  /** Runs every time, even when resuming (it only reads, and later steps need what it reads). */
  always?: boolean;
  run(ctx: C, results: StepResults): Promise<StepOutcome | void>;
}

/** A step found something that must stop the run (blocking findings, a plan that needs review). */
export class StopRun extends Error {
  constructor(
    message: string,
    readonly next: string,
  ) {
    super(message);
    this.name = 'StopRun';
  }
}

export interface RunOutcome {
  ok: boolean;
  resumed: boolean;
  results: StepResults;
  failedStep?: string;
}

export interface StepRunOptions {
  bus: EventBus;
  outDir: string;
  command: OperateCommand;
  fingerprint: string;
  /** How to re-run, e.g. `socle plan pilot`, quoted in failure messages. */
  rerun: string;
  /** Started at each step; the tools of the step share it. */
  deadline?: StepDeadline;
  now?: () => number;
}

export async function runSteps<C>(ctx: C, steps: readonly Step<C>[], options: StepRunOptions): Promise<RunOutcome> {
  const now = options.now ?? Date.now;
  const { state, resumed, previousFailedStep } = startRunState(options.outDir, options.command, options.fingerprint);
  if (resumed) {
    const at = steps.find((s) => s.id === previousFailedStep)?.title ?? previousFailedStep ?? 'an unfinished step';
    options.bus.emit({ type: 'message', level: 'info', text: `resuming the previous run, which stopped at: ${at}` });
  }
  const save = (patch: Partial<RunState>) => writeRunState(options.outDir, Object.assign(state, patch));
  save({});

  for (const [i, step] of steps.entries()) {
    if (!step.always && step.id in state.done) {
      options.bus.emit({ type: 'step-skip', step: step.id, title: step.title, reason: 'done in the previous run' });
      continue;
    }
    options.bus.emit({ type: 'step-start', step: step.id, title: step.title, index: i + 1, total: steps.length });
    const started = now();
    options.deadline?.start();
    try {
      const outcome = (await step.run(ctx, state.done)) ?? {};
      state.done[step.id] = outcome.result ?? {};
      save({});
      options.bus.emit({ type: 'step-done', step: step.id, title: step.title, seconds: seconds(now() - started), ...(outcome.note ? { note: outcome.note } : {}) });
    } catch (e) {
      const { error, next } = describeFailure(e, step, options.rerun);
      save({ status: 'failed', failedStep: step.id });
      options.bus.emit({ type: 'step-fail', step: step.id, title: step.title, seconds: seconds(now() - started), error, next });
      return { ok: false, resumed, results: state.done, failedStep: step.id };
    }
  }
  save({ status: 'succeeded' });
  return { ok: true, resumed, results: state.done };
}

function describeFailure(e: unknown, step: Step<unknown>, rerun: string): { error: string; next: string } {
  if (e instanceof StopRun) return { error: e.message, next: e.next };
  const resume = `then re-run \`${rerun}\`: it continues from this step`;
  if (e instanceof ToolFailed) return { error: e.message, next: `${step.next}; ${resume}` };
  // Anything else is unexpected here: report its message (never a stack) and the same way out.
  return { error: (e as Error)?.message ?? String(e), next: `${step.next}; ${resume}` };
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
