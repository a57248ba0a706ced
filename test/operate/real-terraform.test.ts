/**
 * With a real Terraform on the machine: socle's flags, saved plans, outputs, local state kept across
 * synths, and the data protection (prevent_destroy, lifted only by --delete-data) against the real
 * binary, on stacks of built-in `terraform_data` resources (no provider download, no cloud).
 * Pulumi and kubectl are still stand-ins. Skipped where no terraform is installed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../environments/environment.js';
import { findExecutable } from '../../scripts/operate/tools/find-executable.js';
import { stableJson } from '../../scripts/stable-json.js';
import { size } from '../../sizing/size.js';
import { label, sandbox } from './operate-harness.js';

const TERRAFORM = findExecutable('terraform', process.env, process.cwd());

function writeStack(outDir: string, stack: string, doc: Record<string, unknown>): void {
  mkdirSync(join(outDir, 'terraform', stack), { recursive: true });
  writeFileSync(join(outDir, 'terraform', stack, 'cdk.tf.json'), stableJson({ terraform: { backend: { local: { path: `../${stack}/terraform.tfstate` } } }, ...doc }));
}

/** Four stacks shaped like socle's, made of `terraform_data` (Terraform's built-in provider). */
function terraformDataStacks(outDir: string): void {
  const store = (name: string) => ({ input: name, lifecycle: { prevent_destroy: true } });
  const s3 = (stack: string) => ({ s3_access_key: { value: `ak-${stack}` }, s3_secret_key: { value: `sk-${stack}-d0-not-leak`, sensitive: true } });
  writeStack(outDir, 'network', { resource: { terraform_data: { private: { input: 'net-0001' } } }, output: { network_id: { value: '${terraform_data.private.output}' } } });
  writeStack(outDir, 'cluster', {
    data: { terraform_remote_state: { 'cross-stack-reference-input-network': { backend: 'local', config: { path: '../network/terraform.tfstate' } } } },
    resource: { terraform_data: { control_plane: { input: '${data.terraform_remote_state.cross-stack-reference-input-network.outputs.network_id}' } } },
    output: { kubeconfig: { value: 'apiVersion: v1\nkind: Config\n', sensitive: true } },
  });
  writeStack(outDir, 'data', { resource: { terraform_data: { nextcloud_data: store('files'), attachments: store('attachments') } }, output: s3('data') });
  writeStack(outDir, 'backups', { resource: { terraform_data: { backups: store('backups') } }, output: s3('backups') });
}

function terraformDataSynth(environment: Environment, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'environment.json'), stableJson(environment));
  writeFileSync(join(outDir, 'sizing.json'), stableJson(size(environment)));
  terraformDataStacks(outDir);
}

function resourcesInState(outDir: string, stack: string): string[] {
  const file = join(outDir, 'terraform', stack, 'terraform.tfstate');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { resources: { mode: string; type: string; name: string }[] }).resources.filter((r) => r.mode === 'managed').map((r) => `${r.type}.${r.name}`);
}

describe.skipIf(!TERRAFORM)('with the real terraform binary', () => {
  it('plans, deploys, re-plans to no changes, destroys compute, keeps data until --delete-data', async () => {
    const box = sandbox({ env: { SOCLE_TOFU: TERRAFORM!, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } });
    const file = join(box.cwd, 'environments', 'pilot.yaml');
    // Local Terraform state and a local Pulumi backend: nothing remote.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/state:\n(?:  .*\n)+/, 'state:\n  pulumi:\n    backend: file://out/pilot/pulumi-state\n'));
    box.deps.synth = terraformDataSynth;

    const plan = await box.run(['plan', 'pilot']);
    expect(plan.err).not.toContain('FAILED');
    expect(plan.exitCode).toBe(0);
    expect(plan.out).toMatch(/network\s+1\s+0\s+0\s+0\s+saved plan/);
    expect(plan.out).toMatch(/cluster\s+-\s+-\s+-\s+-\s+waits for network/);
    expect(plan.out).toMatch(/data\s+2\s+0\s+0\s+0\s+saved plan/);
    expect(box.logs()).toContain('Terraform has been successfully initialized!');

    const deploy = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(deploy.err).not.toContain('FAILED');
    expect(deploy.exitCode).toBe(0);
    expect(resourcesInState(box.outDir, 'cluster')).toEqual(['terraform_data.control_plane']);
    expect(readFileSync(join(box.outDir, 'kubeconfig'), 'utf8')).toBe('apiVersion: v1\nkind: Config\n');
    const config = JSON.parse(readFileSync(join(box.cwd, 'stand-in-state', 'pulumi-config.json'), 'utf8'));
    expect(config['socle:appsS3SecretKey'].value).toBe('sk-data-d0-not-leak');
    expect(box.logs()).not.toContain('sk-data-d0-not-leak');

    // A new synth replaces the stack folders; the local state survives it: nothing left to do.
    const again = await box.run(['plan', 'pilot']);
    expect(again.exitCode).toBe(0);
    for (const stack of ['network', 'cluster', 'data', 'backups']) expect(again.out).toMatch(new RegExp(`${stack}\\s+0\\s+0\\s+0\\s+0\\s+saved plan`));

    const destroy = await box.run(['destroy', 'pilot', '--yes']);
    expect(destroy.err).not.toContain('FAILED');
    expect(destroy.exitCode).toBe(0);
    expect(resourcesInState(box.outDir, 'cluster')).toEqual([]);
    expect(resourcesInState(box.outDir, 'network')).toEqual([]);
    expect(resourcesInState(box.outDir, 'data')).toEqual(['terraform_data.attachments', 'terraform_data.nextcloud_data']);

    const before = box.calls().length;
    const deleteData = await box.run(['destroy', 'pilot', '--yes', '--delete-data', '--confirm-name', 'pilot']);
    expect(deleteData.err).not.toContain('FAILED');
    expect(deleteData.exitCode).toBe(0);
    expect(resourcesInState(box.outDir, 'data')).toEqual([]);
    expect(resourcesInState(box.outDir, 'backups')).toEqual([]);
    // The cluster went with the first destroy: no workloads left to remove.
    expect(box.calls(before).filter((c) => c.tool === 'pulumi').map(label)).toEqual(['pulumi version']);
    expect(deleteData.err).toContain('destroy the workloads (pulumi destroy): done in');
    expect(deleteData.err).toContain('no cluster: no workloads to remove');
  }, 180_000);

  it('without the name typed back, Terraform itself refuses to plan the deletion of a protected store', async () => {
    const { execa } = await import('execa');
    const box = sandbox({ env: { SOCLE_TOFU: TERRAFORM! } });
    const outDir = join(box.cwd, 'out', 'pilot');
    terraformDataStacks(outDir);
    const dir = join(outDir, 'terraform', 'data');
    const env = { PATH: box.env['PATH'], HOME: box.cwd, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    await execa(TERRAFORM!, ['init', '-input=false', '-no-color'], { cwd: dir, env, extendEnv: false });
    await execa(TERRAFORM!, ['apply', '-input=false', '-no-color', '-auto-approve'], { cwd: dir, env, extendEnv: false });
    const refused = await execa(TERRAFORM!, ['plan', '-input=false', '-no-color', '-destroy'], { cwd: dir, env, extendEnv: false, reject: false });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('Error: Instance cannot be destroyed');
  }, 120_000);
});
