/**
 * What a run reports, as events: the TTY progress line, the plain CI lines, the `--json` stream and
 * the run log are all renderings of the same events.
 */

export type OperateCommand = 'plan' | 'deploy' | 'destroy';

export type OperateEvent =
  | { type: 'run-start'; command: OperateCommand; environment: string; log: string }
  | { type: 'step-start'; step: string; title: string; index: number; total: number }
  | { type: 'step-output'; step: string; stream: 'stdout' | 'stderr'; line: string }
  | { type: 'step-skip'; step: string; title: string; reason: string }
  | { type: 'step-done'; step: string; title: string; seconds: number; note?: string }
  | { type: 'step-fail'; step: string; title: string; seconds: number; error: string; next: string }
  | { type: 'message'; level: 'info' | 'warn' | 'error'; text: string }
  /** The result of the run (plan summary, smoke checks, what destroy kept), for machines. */
  | { type: 'summary'; command: OperateCommand; summary: unknown }
  | { type: 'run-end'; command: OperateCommand; ok: boolean; exitCode: number; seconds: number };

export type TimedEvent = OperateEvent & { time: string };

export interface EventSink {
  emit(event: TimedEvent): void;
  /** Called once when the run ends (stop timers, flush). */
  close(): void;
}
