/** Stacks that encrypt their state need the authority's passphrase and OpenTofu, checked before anything runs. */
import { describe, expect, it } from 'vitest';
import { stateEncryptionProblems } from '../../scripts/operate/flows/state-encryption-preflight.js';
import type { ResolvedTool } from '../../scripts/operate/tools/resolve-tools.js';
import type { SynthesizedStack } from '../../scripts/operate/state/synthesized-stacks.js';

const stack = (name: string, encryptsState: boolean): SynthesizedStack => ({
  name,
  dir: `/out/terraform/${name}`,
  dependsOn: [],
  protectedResources: [],
  declared: [],
  outputs: [],
  variables: encryptsState ? ['state_passphrase'] : [],
  encryptsState,
  socleBuckets: [],
});
const tool = (product: string): ResolvedTool => ({ name: 'tofu', path: `/usr/bin/${product.toLowerCase()}`, product, version: { major: 1, minor: 11, patch: 4 } });

describe('state encryption preflight', () => {
  it('asks for TF_VAR_state_passphrase when a stack encrypts its state', () => {
    const problems = stateEncryptionProblems([stack('network', true)], {}, tool('OpenTofu'));
    expect(problems).toEqual([expect.objectContaining({ subject: 'credentials', message: 'TF_VAR_state_passphrase is not set: the stacks encrypt their state and plans with a key derived from it' })]);
  });

  it('refuses a passphrase shorter than OpenTofu accepts', () => {
    expect(stateEncryptionProblems([stack('network', true)], { TF_VAR_state_passphrase: 'short' }, tool('OpenTofu'))[0]?.message).toBe('TF_VAR_state_passphrase has 5 characters; OpenTofu needs at least 16');
  });

  it("refuses Terraform, which can't read an encrypted state", () => {
    const problems = stateEncryptionProblems([stack('network', true), stack('data', true)], { TF_VAR_state_passphrase: 'a-long-enough-passphrase' }, tool('Terraform'));
    expect(problems).toEqual([expect.objectContaining({ subject: 'tofu', message: "Terraform can't read socle's stacks: they encrypt their state (network, data), which only OpenTofu ≥ 1.7 knows" })]);
  });

  it('says nothing for stacks without encryption, or with OpenTofu and the passphrase', () => {
    expect(stateEncryptionProblems([stack('network', false)], {}, tool('Terraform'))).toEqual([]);
    expect(stateEncryptionProblems([stack('network', true)], { TF_VAR_state_passphrase: 'a-long-enough-passphrase' }, tool('OpenTofu'))).toEqual([]);
  });
});
