/**
 * Plans without the environment's S3 state bucket: an override file keeps the stack's state in a
 * local file and points every `terraform_remote_state` at a local file too, and the network stack's
 * outputs are given as a state file the real OpenTofu writes for them (encrypted like the network's),
 * so the cluster stack can be planned without applying the network against a cloud.
 *
 * Override files, OpenTofu v1.12.6: a `backend` in an override's `terraform` block replaces the
 * original backend (`internal/configs/module.go`, `mergeFile`); a `data` block's arguments replace
 * the original's, which must exist (`internal/configs/module_merge.go`, `Resource.merge`). Names
 * ending in `_override.tf.json` are override files (`internal/configs/parser_config_dir.go`).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TofuWorkspace } from './tofu-workspace.js';

export const LOCAL_STATE_OVERRIDE = 'real_test_override.tf.json';

type Doc = Record<string, unknown>;

const section = (doc: Doc, key: string): Record<string, Record<string, unknown>> => (doc[key] ?? {}) as Record<string, Record<string, unknown>>;

/** The stack a remote state block reads, from its S3 key (`socle/<env>/<stack>.tfstate`) or local path. */
export function remoteStack(block: Record<string, unknown>): string {
  const config = (block['config'] ?? {}) as Record<string, unknown>;
  const where = String(config['key'] ?? config['path'] ?? '');
  const match = /([^/]+)\.tfstate$/.exec(where);
  if (!match) throw new Error(`terraform_remote_state reads ${where || '(nothing)'}: no <stack>.tfstate`);
  return match[1]!;
}

export function writeLocalStateOverride(stackDir: string, doc: Doc, appliedStateFile: (stack: string) => string): void {
  const remote = section(section(doc, 'data'), 'terraform_remote_state');
  const override: Doc = { terraform: { backend: { local: { path: 'terraform.tfstate' } } } };
  const reads = Object.fromEntries(Object.entries(remote).map(([name, block]) => [name, { backend: 'local', config: { path: appliedStateFile(remoteStack(block)) } }]));
  if (Object.keys(reads).length > 0) override['data'] = { terraform_remote_state: reads };
  writeFileSync(join(stackDir, LOCAL_STATE_OVERRIDE), `${JSON.stringify(override, null, 2)}\n`);
}

/** A made-up OpenStack id per output name (stable across runs). */
function fakeId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * The state a stack's apply leaves for its readers: every output, each an id (the only kind the
 * network stack outputs — anything else fails here, so a new output type gets a deliberate value),
 * written by the real OpenTofu's own apply of those outputs under the stack's own `encryption`
 * block, so the readers decrypt it exactly as they will the network's real state.
 */
export async function appliedState(workspace: TofuWorkspace, doc: Doc): Promise<string> {
  const outputs = Object.fromEntries(
    Object.entries(section(doc, 'output')).map(([name, output]) => {
      const value = String(output['value'] ?? '');
      if (!/^\$\{(?:data\.)?[a-z0-9_]+\.[a-z0-9_]+\.id\}$/.test(value)) throw new Error(`output ${name} = ${value}: not an id, give it a value in local-state.ts`);
      return [name, { value: fakeId(name), ...(output['sensitive'] === true ? { sensitive: true } : {}) }];
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'socle-applied-state-'));
  const terraform = (doc['terraform'] ?? {}) as Doc;
  const config = {
    terraform: { backend: { local: { path: join(dir, 'terraform.tfstate') } }, ...(terraform['encryption'] ? { encryption: terraform['encryption'] } : {}) },
    ...(doc['variable'] ? { variable: doc['variable'] } : {}),
    output: outputs,
  };
  writeFileSync(join(dir, 'outputs.tf.json'), `${JSON.stringify(config, null, 2)}\n`);
  for (const args of [['init', '-input=false', '-no-color'], ['apply', '-input=false', '-no-color', '-auto-approve']]) {
    const run = await workspace.run(dir, args);
    if (run.exitCode !== 0) throw new Error(`tofu ${args[0]} of the applied outputs failed: ${run.stderr}`);
  }
  return readFileSync(join(dir, 'terraform.tfstate'), 'utf8');
}
