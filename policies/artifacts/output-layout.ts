/**
 * What an output folder (`out/<name>/`) holds, in one place for the writer (scripts/synth-output.ts)
 * and the reader (load-artifacts-folder.ts): socle synth's artifacts, its marker and internal
 * folder, and the working files socle's other commands keep beside them (scripts/operate/).
 */

/** The marker `socle synth` writes: the folder is socle's, and the artifact paths it wrote. */
export const MARKER_FILE = '.socle-output';
/** Where `socle synth` keeps its generations of artifacts; the artifact paths link into it. */
export const INTERNAL_DIR = '.socle';

/** Top-level entries written by plan/deploy/destroy (logs, saved plans, Pulumi project and state, kubeconfig, records). */
const WORKING_TOP = new Set(['logs', 'plans', 'pulumi', 'pulumi-state', 'terraform-data', 'kubeconfig', 'outputs.json', 'deployed.json', 'run-state.json']);
/** In a stack folder: Terraform's local state and backups, provider cache, lock files. */
const TERRAFORM_WORKING = /^(terraform\.tfstate(\.backup)?|terraform\.tfstate\.\d+\.backup|errored\.tfstate|\.terraform|\.terraform\.lock\.hcl|\.terraform\.tfstate\.lock\.info)$/;
/** The override files socle's operate steps add to a stack folder (terraform-backend.ts, delete-data-override.ts). */
export const SOCLE_OVERRIDE_FILES = ['socle_backend_override.tf.json', 'socle_delete_data_override.tf.json'] as const;

/** A path (relative, `/`-separated) that socle's other commands own: synth never touches it, check never reads it. */
export function isWorkingPath(path: string): boolean {
  const parts = path.split('/');
  if (parts.length === 1) return WORKING_TOP.has(parts[0]!);
  return parts[0] === 'terraform' && parts.length === 3 && TERRAFORM_WORKING.test(parts[2]!);
}

/** socle's override files: written by plan/deploy/destroy, kept by synth, read by check (they change what Terraform applies). */
export function isSocleOverride(path: string): boolean {
  const parts = path.split('/');
  return parts[0] === 'terraform' && parts.length === 3 && (SOCLE_OVERRIDE_FILES as readonly string[]).includes(parts[2]!);
}
