/**
 * socle's stacks encrypt their state and plans with a key derived from a passphrase the authority
 * holds (stacks/state-encryption.ts): before a run, the passphrase must be there, long enough, and
 * the tool must be OpenTofu — Terraform doesn't know the `encryption` block and refuses the
 * configuration (OpenTofu ≥ 1.7, website/docs/language/state/encryption.mdx @ v1.10.10).
 */
import type { PreflightProblem } from './preflight.js';
import type { ResolvedTool } from '../tools/resolve-tools.js';
import type { SynthesizedStack } from '../state/synthesized-stacks.js';

/** The variable name the stacks declare, given to tofu as TF_VAR_<name>. */
const PASSPHRASE_VARIABLE = 'state_passphrase';
/** OpenTofu's pbkdf2 key provider refuses shorter passphrases (its `passphrase` attribute: at least 16 characters). */
const MIN_PASSPHRASE_LENGTH = 16;

export function stateEncryptionProblems(stacks: readonly SynthesizedStack[], env: NodeJS.ProcessEnv, tofu: ResolvedTool | undefined): PreflightProblem[] {
  const encrypted = stacks.filter((s) => s.encryptsState);
  if (encrypted.length === 0) return [];
  const problems: PreflightProblem[] = [];
  if (encrypted.some((s) => s.variables.includes(PASSPHRASE_VARIABLE))) {
    const value = env[`TF_VAR_${PASSPHRASE_VARIABLE}`];
    if (!value) {
      problems.push({ subject: 'credentials', message: `TF_VAR_${PASSPHRASE_VARIABLE} is not set: the stacks encrypt their state and plans with a key derived from it`, hint: `export TF_VAR_${PASSPHRASE_VARIABLE} from the authority's secret store (at least ${MIN_PASSPHRASE_LENGTH} characters); keep it: without it the state can't be read again` });
    } else if (value.length < MIN_PASSPHRASE_LENGTH) {
      problems.push({ subject: 'credentials', message: `TF_VAR_${PASSPHRASE_VARIABLE} has ${value.length} characters; OpenTofu needs at least ${MIN_PASSPHRASE_LENGTH}`, hint: 'use a longer passphrase (a random one from the secret store)' });
    }
  }
  if (tofu && tofu.product !== 'OpenTofu') {
    problems.push({ subject: 'tofu', message: `${tofu.product} can't read socle's stacks: they encrypt their state (${encrypted.map((s) => s.name).join(', ')}), which only OpenTofu ≥ 1.7 knows`, hint: 'install OpenTofu, or set SOCLE_TOFU to its path' });
  }
  return problems;
}
