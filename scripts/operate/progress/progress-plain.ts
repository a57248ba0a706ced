/** Progress for CI and pipes: one plain line per step event, no colours, no cursor movement. */
import type { EventSink, TimedEvent } from './events.js';

export class PlainProgress implements EventSink {
  constructor(private readonly out: { write(s: string): unknown }) {}

  emit(event: TimedEvent): void {
    switch (event.type) {
      case 'run-start':
        this.out.write(`socle ${event.command} ${event.environment} (log: ${event.log})\n`);
        return;
      case 'step-start':
        this.out.write(`[${event.index}/${event.total}] ${event.title}\n`);
        return;
      case 'step-skip':
        this.out.write(`      ${event.title}: skipped (${event.reason})\n`);
        return;
      case 'step-done':
        this.out.write(`      ${event.title}: done in ${event.seconds}s${event.note ? ` — ${event.note}` : ''}\n`);
        return;
      case 'step-fail':
        this.out.write(`      ${event.title}: FAILED after ${event.seconds}s\n${indent(event.error)}\n  next: ${event.next}\n`);
        return;
      case 'message':
        this.out.write(`${event.level === 'info' ? '' : `${event.level === 'warn' ? 'warning' : 'error'}: `}${event.text}\n`);
        return;
      case 'step-output':
      case 'summary':
      case 'run-end':
        // Tool output goes to the run log; the summary is printed by the command itself.
        return;
    }
  }

  close(): void {}
}

export function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
