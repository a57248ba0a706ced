/**
 * One suite per real program. Its describe title carries the program and version
 * (`program:<name>@<version>`), which the real-tools reporter turns into a row of
 * test-results/real-tools.json. A program that is not available becomes a row with no checks
 * and the reason, printed loudly, never a silent pass.
 */
import { describe, inject, it } from 'vitest';
import type { BuiltTool } from './built-tools.js';

export interface ProgramAvailability {
  /** The version that runs here, or undefined when the program is not available. */
  readonly version?: string;
  /** Why the program is not available (tool not built, package not installed…). */
  readonly missing?: string;
  /** The version socle's images pin, when the one that runs here differs (nearest available). */
  readonly pinned?: string;
}

export const PROGRAM_TITLE = /^program:(?<program>[^@\s]+)@(?<version>\S+)(?: pinned:(?<pinned>\S+))?$/;

/** A tool of `npm run tools` by its key (`tofu`, `kube-apiserver`…), as this run's cache has it. */
export function builtTool(key: string): BuiltTool & ProgramAvailability {
  const tool = inject('builtTools')[key];
  if (!tool) return { missing: `not built: run \`npm run tools\` (no "${key}" in the tools cache)` };
  return tool;
}

export function describeProgram(program: string, availability: ProgramAvailability, body: () => void): void {
  if (!availability.version || availability.missing) {
    const reason = availability.missing ?? 'no version reported';
    describe(`program:${program}@missing`, () => {
      it.skip(reason, () => {});
    });
    return;
  }
  const pinned = availability.pinned && availability.pinned !== availability.version ? ` pinned:${availability.pinned}` : '';
  describe(`program:${program}@${availability.version}${pinned}`, body);
}
