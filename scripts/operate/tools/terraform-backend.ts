/**
 * Where each stack keeps its state. With `state.terraform`, the S3 backend (OVHcloud Object
 * Storage or any S3-compatible store): `tofu init` gets the environment's bucket, key, region and
 * endpoint as `-backend-config` flags, so the state location always follows the environment file;
 * the credentials come only from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment.
 *
 * The synthesized stacks declare their backend; a stack folder that has none gets an override
 * file declaring one, so state never lands silently in a local file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../../../environments/environment.js';
import { STACK_FILE } from '../state/synthesized-stacks.js';
import { compareVersions, formatVersion, type Version } from './tool-catalogue.js';

const BACKEND_OVERRIDE_FILE = 'socle_backend_override.tf.json';

/** S3-native locking (`use_lockfile`) arrived in OpenTofu 1.10 and Terraform 1.10. */
const LOCKFILE_SINCE: Version = { major: 1, minor: 10, patch: 0 };

function stateKey(environment: Environment, stack: string): string {
  const prefix = environment.state.terraform?.keyPrefix ?? `socle/${environment.name}/`;
  return `${prefix}${stack}.tfstate`;
}

interface BackendSection {
  terraform?: { backend?: Record<string, Record<string, unknown>> };
}

/** The backend block of a synthesized stack: type and settings, or `undefined` when it has none. */
function declaredBackend(stackDir: string): { type: string; config: Record<string, unknown> } | undefined {
  const json = JSON.parse(readFileSync(join(stackDir, STACK_FILE), 'utf8')) as BackendSection;
  const [type, config] = Object.entries(json.terraform?.backend ?? {})[0] ?? [];
  return type ? { type, config: config ?? {} } : undefined;
}

/** Writes the override file when the stack declares no backend; the state then goes to S3, or beside its folder. */
export function ensureBackend(environment: Environment, stackDir: string, stack: string): void {
  if (declaredBackend(stackDir)) return;
  const backend = environment.state.terraform
    ? {
        s3: {
          // S3-compatible stores are not AWS: no STS, IMDS, AWS region list or account id, no new checksums.
          skip_credentials_validation: true,
          skip_region_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_s3_checksum: true,
          use_path_style: true,
        },
      }
    : { local: { path: `../${stack}/terraform.tfstate` } };
  writeFileSync(join(stackDir, BACKEND_OVERRIDE_FILE), `${JSON.stringify({ terraform: { backend } }, null, 2)}\n`);
}

export function backendConfigArgs(environment: Environment, stack: string, tofuVersion: Version): string[] {
  const s3 = environment.state.terraform;
  if (!s3) return [];
  const args = [
    `-backend-config=bucket=${s3.bucket}`,
    `-backend-config=key=${stateKey(environment, stack)}`,
    `-backend-config=region=${s3.region}`,
    // An object attribute: tofu reads the value as an HCL expression.
    `-backend-config=endpoints={s3="${s3.endpoint}"}`,
  ];
  if (compareVersions(tofuVersion, LOCKFILE_SINCE) >= 0) args.push('-backend-config=use_lockfile=true');
  return args;
}

/** A stack that asks for S3-native locking can't be initialised by an older tofu/terraform. */
export function lockfileVersionProblem(stackDir: string, stack: string, product: string, version: Version): string | undefined {
  const backend = declaredBackend(stackDir);
  if (backend?.config['use_lockfile'] !== true || compareVersions(version, LOCKFILE_SINCE) >= 0) return undefined;
  return `stack ${stack} locks its S3 state with use_lockfile, which needs ${product} ≥ ${formatVersion(LOCKFILE_SINCE)} (found ${formatVersion(version)})`;
}
