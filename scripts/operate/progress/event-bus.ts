/**
 * One place every event goes through: it is stamped, redacted, then handed to each sink (the
 * reporter the user sees and the run log), so no sink can forget to redact. Secrets learnt during
 * the run (credentials read from stack outputs) are added as soon as they are known.
 */
import type { EventSink, OperateEvent, TimedEvent } from './events.js';
import { createRedactor, type Redactor } from './redaction.js';

export class EventBus {
  private secrets: string[];
  private redactor: Redactor;

  constructor(
    private readonly sinks: EventSink[],
    secrets: readonly string[],
    private readonly now: () => Date = () => new Date(),
  ) {
    this.secrets = [...secrets];
    this.redactor = createRedactor(this.secrets);
  }

  /** From now on, `value` is redacted too. */
  addSecret(value: string): void {
    this.secrets.push(value);
    this.redactor = createRedactor(this.secrets);
  }

  redact(text: string): string {
    return this.redactor(text);
  }

  emit(event: OperateEvent): void {
    const timed = redactStrings({ ...event, time: this.now().toISOString() }, this.redactor);
    for (const sink of this.sinks) sink.emit(timed);
  }

  close(): void {
    for (const sink of this.sinks) sink.close();
  }
}

/**
 * Redacts every string inside the event, however deep (the summary's data, outputs read back), keys
 * included — not the JSON text, whose escaping would hide a secret with a quote in it.
 */
export function redactStrings<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, redact)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactStrings(v, redact)])) as T;
  return value;
}
