/**
 * The full log of one run, `out/<name>/logs/<time>-<command>.log`: every event and every line the
 * tools printed, already redacted by the event bus. Written synchronously so a crash loses nothing.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventSink, OperateCommand, TimedEvent } from './events.js';

export function runLogPath(outDir: string, command: OperateCommand, started: Date): string {
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  return join(outDir, 'logs', `${stamp}-${command}.log`);
}

function logLine(event: TimedEvent): string {
  switch (event.type) {
    case 'run-start':
      return `socle ${event.command} ${event.environment}`;
    case 'step-start':
      return `[${event.index}/${event.total}] ${event.title}: start`;
    case 'step-output':
      return `  ${event.stream === 'stderr' ? '!' : '|'} ${event.line}`;
    case 'step-skip':
      return `${event.title}: skipped (${event.reason})`;
    case 'step-done':
      return `${event.title}: done in ${event.seconds}s${event.note ? ` — ${event.note}` : ''}`;
    case 'step-fail':
      return `${event.title}: FAILED after ${event.seconds}s\n${event.error}\nnext: ${event.next}`;
    case 'message':
      return `${event.level}: ${event.text}`;
    case 'summary':
      return `summary: ${JSON.stringify(event.summary)}`;
    case 'run-end':
      return `socle ${event.command}: ${event.ok ? 'succeeded' : 'failed'} in ${event.seconds}s (exit ${event.exitCode})`;
  }
}

export class RunLog implements EventSink {
  constructor(readonly path: string) {
    mkdirSync(join(path, '..'), { recursive: true });
  }

  emit(event: TimedEvent): void {
    const lines = logLine(event).split('\n').map((l) => `${event.time} ${l}`);
    appendFileSync(this.path, `${lines.join('\n')}\n`, { mode: 0o600 });
  }

  close(): void {}
}
