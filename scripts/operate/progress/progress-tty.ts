/**
 * Progress on a terminal: one live line per running step (step, elapsed time, the tool's last
 * line), redrawn every second, replaced by a ✓/✗ line when the step ends.
 */
import type { EventSink, TimedEvent } from './events.js';
import { indent } from './progress-plain.js';

interface TtyStream {
  write(s: string): unknown;
  columns?: number;
}

const CLEAR_LINE = '\r\u001b[2K';

export class TtyProgress implements EventSink {
  private current: { title: string; index: number; total: number; started: number; last: string } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: TtyStream,
    private readonly now: () => number = Date.now,
  ) {}

  emit(event: TimedEvent): void {
    switch (event.type) {
      case 'run-start':
        this.out.write(`socle ${event.command} ${event.environment}\nlog: ${event.log}\n`);
        return;
      case 'step-start':
        this.current = { title: event.title, index: event.index, total: event.total, started: this.now(), last: '' };
        this.draw();
        this.timer ??= setInterval(() => this.draw(), 1000).unref();
        return;
      case 'step-output':
        if (this.current && event.line.trim() !== '') this.current.last = event.line.trim();
        this.draw();
        return;
      case 'step-skip':
        this.out.write(`${CLEAR_LINE}- ${event.title} (skipped: ${event.reason})\n`);
        return;
      case 'step-done':
        this.finishLine(`✓ ${event.title} (${event.seconds}s)${event.note ? ` — ${event.note}` : ''}`);
        return;
      case 'step-fail':
        this.finishLine(`✗ ${event.title} (${event.seconds}s)\n${indent(event.error)}\n  next: ${event.next}`);
        return;
      case 'message':
        this.out.write(`${CLEAR_LINE}${event.level === 'info' ? '' : `${event.level === 'warn' ? 'warning' : 'error'}: `}${event.text}\n`);
        this.draw();
        return;
      case 'summary':
      case 'run-end':
        return;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.current) this.out.write(CLEAR_LINE);
    this.current = undefined;
  }

  private finishLine(text: string): void {
    this.current = undefined;
    this.out.write(`${CLEAR_LINE}${text}\n`);
  }

  private draw(): void {
    if (!this.current) return;
    const { title, index, total, started, last } = this.current;
    const head = `⏵ [${index}/${total}] ${title}  ${elapsed(this.now() - started)}`;
    const width = this.out.columns ?? 100;
    const room = width - head.length - 3;
    const tail = last && room > 10 ? `  ${last.length > room ? `${last.slice(0, room - 1)}…` : last}` : '';
    this.out.write(`${CLEAR_LINE}${head}${tail}`);
  }
}

export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
