/**
 * A server the suite starts on 127.0.0.1: output to a log file (its tail goes into failure
 * messages), bounded waits, and a stop that ends this process only (SIGTERM, then SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export class LocalProcess {
  private readonly child: ChildProcess;
  private exited: Promise<number | null>;
  exitCode: number | null | undefined;

  constructor(readonly name: string, program: string, args: string[], readonly logFile: string, env: NodeJS.ProcessEnv = process.env, cwd?: string) {
    const fd = openSync(logFile, 'a');
    this.child = spawn(program, args, { stdio: ['ignore', fd, fd], env, cwd });
    closeSync(fd);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
      this.child.on('error', () => resolve(null));
    });
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The last lines of its log, for a failure message. */
  tail(lines = 40): string {
    try {
      return `--- last lines of ${this.name}'s log (${this.logFile}) ---\n${readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n')}`;
    } catch {
      return `(no log of ${this.name})`;
    }
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Polls `ready` until it answers true, the process exits, or the deadline passes. */
export async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs: number, process?: LocalProcess, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process && !process.running) throw new Error(`${process.name} exited (code ${process.exitCode}) before ${what}\n${process.tail()}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${process ? `\n${process.tail()}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A TCP port free on 127.0.0.1 now (the kernel picks it; the server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
