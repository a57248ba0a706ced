/**
 * OpenTofu state and plan encryption for every stack: the state holds the cluster CA keys, the join
 * tokens, the cloud-provider and S3 secrets. The key is derived (PBKDF2, 600 000 iterations of
 * SHA-512 by default) from a passphrase only the authority holds, given at each run as
 * `TF_VAR_state_passphrase` (at least 16 characters): no key is in the stacks, the bucket, or
 * OpenStack. AES-GCM encrypts state and plans; `enforced` refuses ever to write either in clear;
 * `terraform_remote_state` reads (the cluster reading the network stack) decrypt with the same key.
 * OpenTofu ≥ 1.7 (website/docs/language/state/encryption.mdx @ v1.10.10: JSON syntax, variables
 * resolved at init, `encrypted_metadata_alias`, remote_state_data_sources); Terraform doesn't know
 * the block and refuses the configuration.
 *
 * An existing unencrypted state needs, once, a `fallback { method = method.unencrypted.… }`
 * (same page, "Initial setup"): socle's stacks are new, so none is written.
 */
import { TerraformVariable, type TerraformStack } from './cdktf.js';

export const STATE_PASSPHRASE_VARIABLE = 'state_passphrase';
/** Fixed, so that the key provider's name can change without making old states unreadable. */
const METADATA_ALIAS = 'socle-state';

export function configureStateEncryption(stack: TerraformStack): void {
  const passphrase = new TerraformVariable(stack, STATE_PASSPHRASE_VARIABLE, {
    type: 'string',
    sensitive: true,
    description: 'passphrase the state and plan keys are derived from (TF_VAR_state_passphrase, ≥ 16 characters); held by the authority only',
  });
  // `state`/`plan`/`remote_state_data_sources` take a static reference to the method, which the JSON
  // syntax writes as a bare traversal string (a `${…}` template there is refused: "A single static
  // variable reference is required"); `keys` is a value, a `${…}` expression (checked with the real
  // OpenTofu 1.10: test/stacks/state-encryption.test.ts).
  const method = 'method.aes_gcm.socle';
  stack.addOverride('terraform.encryption', {
    key_provider: { pbkdf2: { socle: { passphrase: `\${var.${passphrase.friendlyUniqueId}}`, encrypted_metadata_alias: METADATA_ALIAS } } },
    method: { aes_gcm: { socle: { keys: '${key_provider.pbkdf2.socle}' } } },
    state: { method, enforced: true },
    plan: { method, enforced: true },
    remote_state_data_sources: { default: { method } },
  });
}
