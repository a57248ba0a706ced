/**
 * One place every event goes through: it is stamped, redacted, then handed to each sink (the
 * reporter the user sees and the run log), so no sink can forget to redact.
 */
import type { EventSink, OperateEvent, TimedEvent } from './events.js';
import type { Redactor } from './redaction.js';

export class EventBus {
  constructor(
    private readonly sinks: EventSink[],
    readonly redact: Redactor,
    private readonly now: () => Date = () => new Date(),
  ) {}

  emit(event: OperateEvent): void {
    const timed = redactStrings({ ...event, time: this.now().toISOString() }, this.redact);
    for (const sink of this.sinks) sink.emit(timed);
  }

  close(): void {
    for (const sink of this.sinks) sink.close();
  }
}

/** Redacts every string field (not the JSON text: escaping would hide a secret with a quote in it). */
function redactStrings<T extends object>(event: T, redact: Redactor): T {
  return Object.fromEntries(Object.entries(event).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v])) as T;
}
