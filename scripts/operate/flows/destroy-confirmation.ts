/**
 * Nothing is destroyed without a yes: `--yes`, or "yes" typed at the prompt. Deleting data needs
 * more: `--delete-data` and the environment name typed back (at the prompt, or `--confirm-name`
 * when no one is at a terminal), so that no script or slip of the keyboard deletes it.
 */
import { EXIT } from '../../command.js';
import type { OperateDeps } from './operate-context.js';

export interface DestroyConfirmationInput {
  environment: string;
  yes: boolean;
  deleteData: boolean;
  confirmName?: string;
  /** What will go and what stays, shown before asking. */
  description: string;
}

export type Refusal = { exitCode: number; message: string };

export async function confirmDestroy(input: DestroyConfirmationInput, deps: Pick<OperateDeps, 'prompt' | 'interactive'>, show: (text: string) => void): Promise<Refusal | undefined> {
  show(input.description);
  if (!input.yes) {
    if (!deps.interactive) return { exitCode: EXIT.badInput, message: 'destroy needs confirmation: pass --yes (no terminal to ask on)' };
    const answer = (await deps.prompt(`Destroy ${input.environment} as listed above? Type "yes" to go on: `)).trim();
    if (answer !== 'yes') return { exitCode: EXIT.blocking, message: 'not confirmed: nothing was destroyed' };
  }
  if (!input.deleteData) return undefined;
  if (input.confirmName !== undefined) {
    if (input.confirmName === input.environment) return undefined;
    return { exitCode: EXIT.badInput, message: `--confirm-name "${input.confirmName}" is not the environment's name (${input.environment}): nothing was destroyed` };
  }
  if (!deps.interactive) return { exitCode: EXIT.badInput, message: `--delete-data needs the environment name typed back: pass --confirm-name ${input.environment} (no terminal to ask on)` };
  const typed = (await deps.prompt(`This deletes every data store of ${input.environment} (files, databases, volumes, backups) for good. Type the environment name to confirm: `)).trim();
  if (typed !== input.environment) return { exitCode: EXIT.blocking, message: `"${typed}" is not ${input.environment}: nothing was destroyed` };
  return undefined;
}
