/**
 * Where each stack keeps its Terraform state: the S3 bucket of `state.terraform` (one key per
 * stack, locked with a lock file next to it), or a local file when the environment has none —
 * which only the shipped examples may do (the policy checks report it).
 */
import type { Environment } from '../environments/environment.js';
import { LocalBackend, S3Backend, type TerraformStack } from './cdktf.js';

export function configureBackend(stack: TerraformStack, env: Environment, stackName: string): void {
  const state = env.state.terraform;
  if (!state) {
    // Relative to each stack's folder, and the same path from its siblings (cross-stack reads).
    new LocalBackend(stack, { path: `../${stackName}/terraform.tfstate` });
    return;
  }
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    key: `${state.keyPrefix}${stackName}.tfstate`,
    region: state.region,
    endpoints: { s3: state.endpoint },
    usePathStyle: true,
    // Not AWS: no STS, no IMDS, no AWS region list, no account id; credentials come from
    // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY at init time, never from this file.
    skipCredentialsValidation: true,
    skipRegionValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    // OVHcloud and Ceph RGW reject the AWS SDK's newer default checksums.
    skipS3Checksum: true,
  });
  // S3-native locking (OpenTofu ≥ 1.10, Terraform ≥ 1.10); cdktf 0.21 has no typed field for it.
  backend.addOverride('use_lockfile', true);
}
