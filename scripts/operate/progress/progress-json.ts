/** `--json`: every event as one JSON line on stdout, for pipelines and dashboards. */
import type { EventSink, TimedEvent } from './events.js';

export class JsonEvents implements EventSink {
  constructor(private readonly out: { write(s: string): unknown }) {}

  emit(event: TimedEvent): void {
    this.out.write(`${JSON.stringify(event)}\n`);
  }

  close(): void {}
}
