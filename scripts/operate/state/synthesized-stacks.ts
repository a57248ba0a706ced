/**
 * The Terraform stacks `socle synth` wrote, read from `out/<name>/terraform/<stack>/cdk.tf.json`:
 * their dependencies and their protected (data) resources. Read from the artifacts rather than
 * imported from `stacks/`, so that plan/deploy/destroy run on exactly what was synthesized.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const STACK_FILE = 'cdk.tf.json';

export interface SynthesizedStack {
  name: string;
  /** The stack's working directory (tofu runs there). */
  dir: string;
  /** Stacks whose outputs this one reads (cdktf cross-stack references, `terraform_remote_state`). */
  dependsOn: string[];
  /** Addresses (`type.name`) of resources with `lifecycle.prevent_destroy`: data stores. */
  protectedResources: string[];
  /** Addresses (`type.name`) of every resource the stack's configuration declares. */
  declared: string[];
  /** Names of the stack's outputs (`kubeconfig`, `network_id`…). */
  outputs: string[];
  /** Input variables the stack declares (`state_passphrase`…): given as TF_VAR_<name>. */
  variables: string[];
  /** Whether the stack encrypts its state and plans (OpenTofu's `encryption` block). */
  encryptsState: boolean;
  /** Buckets its region serves only through S3 (output `buckets_made_by_socle`): `socle deploy` makes them. */
  socleBuckets: string[];
}

interface TerraformJson {
  resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>;
  output?: Record<string, { value?: unknown }>;
  data?: { terraform_remote_state?: Record<string, { config?: Record<string, unknown> }> };
  variable?: Record<string, unknown>;
  terraform?: { encryption?: unknown };
}

export function terraformDir(outDir: string): string {
  return join(outDir, 'terraform');
}

export function readSynthesizedStacks(outDir: string): SynthesizedStack[] {
  const root = terraformDir(outDir);
  if (!existsSync(root)) return [];
  const names = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, STACK_FILE)))
    .map((d) => d.name);
  return names.map((name) => {
    const dir = join(root, name);
    const json = JSON.parse(readFileSync(join(dir, STACK_FILE), 'utf8')) as TerraformJson;
    const socleBuckets = json.output?.['buckets_made_by_socle']?.value;
    return {
      name,
      dir,
      dependsOn: remoteStateDependencies(json, name, names),
      protectedResources: protectedResources(json),
      declared: Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)).sort(),
      outputs: Object.keys(json.output ?? {}).sort(),
      variables: Object.keys(json.variable ?? {}).sort(),
      encryptsState: json.terraform?.encryption !== undefined,
      socleBuckets: Array.isArray(socleBuckets) ? socleBuckets.map(String) : [],
    };
  });
}

/** A remote state names its stack in its logical name (cdktf: `cross-stack-reference-input-<stack>`) or state key. */
function remoteStateDependencies(json: TerraformJson, self: string, stacks: string[]): string[] {
  const refs = Object.entries(json.data?.terraform_remote_state ?? {});
  const found = new Set<string>();
  for (const [logical, block] of refs) {
    const text = `${logical} ${JSON.stringify(block.config ?? {})}`;
    for (const other of stacks) if (other !== self && new RegExp(`(^|[^a-z0-9])${escapeRegExp(other)}([^a-z0-9]|$)`, 'i').test(text)) found.add(other);
  }
  return [...found].sort();
}

function protectedResources(json: TerraformJson): string[] {
  const out: string[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) if (body.lifecycle?.prevent_destroy === true) out.push(`${type}.${name}`);
  }
  return out.sort();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
