/**
 * Lifting `prevent_destroy` for one destroy, after the operator passed `--delete-data` and typed
 * the environment name back: an override file sets it to false on each protected resource (override
 * files merge `lifecycle` argument by argument), and is removed as soon as the destroy ends — also
 * when the run is interrupted (SIGINT, SIGTERM), and, should the process have been killed outright,
 * before the next tofu command in that stack (`removeLeftoverOverride`).
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SynthesizedStack } from './synthesized-stacks.js';

export const DELETE_DATA_OVERRIDE_FILE = 'socle_delete_data_override.tf.json';

const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Removes an override a killed run left behind; true when there was one. */
export function removeLeftoverOverride(stackDir: string): boolean {
  const path = join(stackDir, DELETE_DATA_OVERRIDE_FILE);
  if (!existsSync(path)) return false;
  rmSync(path, { force: true });
  return true;
}

export async function withDataDeletable<T>(stack: SynthesizedStack, body: () => Promise<T>): Promise<T> {
  if (stack.protectedResources.length === 0) return body();
  const resource: Record<string, Record<string, unknown>> = {};
  for (const address of stack.protectedResources) {
    const [type, name] = address.split('.') as [string, string];
    (resource[type] ??= {})[name] = { lifecycle: { prevent_destroy: false } };
  }
  const path = join(stack.dir, DELETE_DATA_OVERRIDE_FILE);
  const onInterrupt = (signal: NodeJS.Signals) => {
    rmSync(path, { force: true });
    for (const s of INTERRUPTS) process.removeListener(s, onInterrupt);
    // Die of the same signal, as the run would have without this handler.
    process.kill(process.pid, signal);
  };
  for (const s of INTERRUPTS) process.once(s, onInterrupt);
  writeFileSync(path, `${JSON.stringify({ resource }, null, 2)}\n`);
  try {
    return await body();
  } finally {
    rmSync(path, { force: true });
    for (const s of INTERRUPTS) process.removeListener(s, onInterrupt);
  }
}
