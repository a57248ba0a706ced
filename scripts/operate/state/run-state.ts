/**
 * What the last run of a command got done, `out/<name>/run-state.json`, so that re-running after a
 * failure continues where it stopped. A run resumes only the same command on the same inputs
 * (fingerprint) after a failure; anything else starts afresh.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OperateCommand } from '../progress/events.js';

export type StepResult = Record<string, unknown>;

export interface RunState {
  version: 1;
  command: OperateCommand;
  fingerprint: string;
  status: 'running' | 'failed' | 'succeeded';
  /** Finished steps and what they found, by step id. */
  done: Record<string, StepResult>;
  failedStep?: string;
}

function runStatePath(outDir: string): string {
  return join(outDir, 'run-state.json');
}

function readRunState(outDir: string): RunState | undefined {
  const path = runStatePath(outDir);
  if (!existsSync(path)) return undefined;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as RunState;
    return state.version === 1 ? state : undefined;
  } catch {
    // A state file cut short by a crash: start the run afresh rather than guess.
    return undefined;
  }
}

export function writeRunState(outDir: string, state: RunState): void {
  mkdirSync(outDir, { recursive: true });
  const path = runStatePath(outDir);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** The state to continue from: the previous run's when it failed doing the same thing, else a fresh one. */
export function startRunState(outDir: string, command: OperateCommand, fingerprint: string): { state: RunState; resumed: boolean; previousFailedStep?: string } {
  const previous = readRunState(outDir);
  if (previous && previous.command === command && previous.fingerprint === fingerprint && previous.status !== 'succeeded') {
    const { failedStep, ...rest } = previous;
    return { state: { ...rest, status: 'running' }, resumed: true, ...(failedStep ? { previousFailedStep: failedStep } : {}) };
  }
  return { state: { version: 1, command, fingerprint, status: 'running', done: {} }, resumed: false };
}
