/**
 * The artifacts a check reads, already parsed: the resolved environment, its sizing plan, the
 * Terraform configurations (synthesized JSON and optional `tofu show -json` plans, in one shape)
 * and the Kubernetes objects of the rendered manifests.
 */
import type { Environment } from '../../environments/environment.js';
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import type { KubeObject } from './kubernetes.js';
import type { TerraformConfig } from './terraform.js';
import { printable } from '../report/printable.js';

export interface ArtifactFile {
  /** Relative to the artifacts folder (`terraform/network/cdk.tf.json`), or the plan's path as given. */
  path: string;
  content: string;
  /** `plan`: a `tofu show -json` output, which legitimately holds resolved values (not scanned for secrets). */
  kind: 'artifact' | 'plan';
}

export interface Artifacts {
  environment: Environment;
  /** `undefined` when `sizing.json` is absent: licence checks then say they can't judge. */
  sizing?: SizingPlan;
  terraform: TerraformConfig[];
  objects: KubeObject[];
  /** Every file read, sorted by path: the fingerprint and the secret scan cover exactly these. */
  files: ArtifactFile[];
}

/** Bad or missing artifacts: the check can't run (exit code 2). */
/**
 * A folder that can't be checked. Its text quotes the folder (file names, keys, parser messages):
 * printable, so that what the folder holds can't repaint the terminal or forge a line (review D4);
 * `details` are the lines of a list, each printable on its own line.
 */
export class ArtifactError extends Error {
  constructor(message: string, ...details: string[]) {
    super([printable(message), ...details.map((d) => `  ${printable(d)}`)].join('\n'));
  }
}
