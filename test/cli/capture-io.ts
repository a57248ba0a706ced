/** An in-memory `Io` for calling the CLI's `main()` in-process, and the repository root. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../scripts/command.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CapturedIo extends Io {
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
}

export function captureIo(options: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (err += s), isTTY: options.tty ?? false },
    cwd: options.cwd ?? REPO_ROOT,
    // A fixed environment: the caller's NO_COLOR (vitest sets it) must not decide colour tests.
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}

/** A Node stack frame line (`    at fn (file:1:2)`): never shown to a user. */
export const STACK_FRAME = /^\s+at\s/m;
