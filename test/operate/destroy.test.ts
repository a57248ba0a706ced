/** `socle destroy`: confirmation, workloads then compute, data kept unless asked twice. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DELETE_DATA_OVERRIDE_FILE } from '../../scripts/operate/state/delete-data-override.js';
import { label, sandbox, type Sandbox } from './operate-harness.js';

async function deployedSandbox(): Promise<Sandbox> {
  const box = sandbox();
  expect((await box.run(['plan', 'pilot'])).exitCode).toBe(0);
  expect((await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0'])).exitCode).toBe(0);
  return box;
}

const state = (box: Sandbox, stack: string): string[] => {
  const file = join(box.cwd, 'stand-in-state', `state-${stack}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : [];
};

describe('socle destroy', () => {
  it('without a terminal, needs --yes; nothing runs without it', async () => {
    const box = await deployedSandbox();
    const before = box.calls().length;
    const result = await box.run(['destroy', 'pilot']);
    expect(result.exitCode).toBe(2);
    expect(result.err).toContain('destroy needs confirmation: pass --yes (no terminal to ask on)');
    expect(box.calls(before).map(label)).toEqual(['tofu version', 'pulumi version', 'kubectl version']);
  });

  it('on a terminal, asks, and does nothing unless the answer is yes', async () => {
    const box = await deployedSandbox();
    box.deps.interactive = true;
    box.answers.push('y');
    const before = box.calls().length;
    const result = await box.run(['destroy', 'pilot']);
    expect(result.exitCode).toBe(1);
    expect(box.prompts).toEqual(['Destroy pilot as listed above? Type "yes" to go on: ']);
    expect(result.out).toContain('stack cluster: destroyed');
    expect(result.out).toContain('stack data: KEPT — holds data (openstack_objectstorage_container_v1.attachments, openstack_objectstorage_container_v1.nextcloud_data)');
    expect(result.err).toContain('not confirmed: nothing was destroyed');
    expect(box.calls(before).filter((c) => c.argv[0] !== 'version')).toEqual([]);
  });

  it('--yes: workloads (protected data kept), then compute in reverse order; the data stacks stay', async () => {
    const box = await deployedSandbox();
    const before = box.calls().length;
    const result = await box.run(['destroy', 'pilot', '--yes']);
    expect(result.exitCode).toBe(0);
    const calls = box.calls(before);
    expect(calls.map(label)).toEqual([
      'tofu version',
      'pulumi version',
      'kubectl version',
      'tofu init cluster',
      'tofu output cluster',
      'kubectl get',
      'pulumi stack select',
      'pulumi destroy',
      'tofu init cluster',
      'tofu plan cluster',
      'tofu show cluster',
      'tofu apply cluster',
      'tofu init network',
      'tofu plan network',
      'tofu show network',
      'tofu apply network',
    ]);
    const pulumiDestroy = calls.find((c) => c.tool === 'pulumi' && c.argv[0] === 'destroy')!;
    expect(pulumiDestroy.argv).toEqual(['destroy', '--yes', '--color', 'never', '--exclude-protected', '--stack', 'pilot', '--cwd', join(box.outDir, 'pulumi'), '--non-interactive']);
    const destroyPlan = calls.find((c) => c.argv[0] === 'plan')!;
    expect(destroyPlan.argv).toEqual(['plan', '-input=false', '-no-color', '-lock-timeout=5m', '-detailed-exitcode', '-destroy', `-out=${join(box.outDir, 'plans', 'cluster.destroy.tfplan')}`]);

    expect(state(box, 'cluster')).toEqual([]);
    expect(state(box, 'network')).toEqual([]);
    expect(state(box, 'data')).toHaveLength(2);
    expect(state(box, 'backups')).toHaveLength(1);
    expect(result.out).toContain('pilot: destroyed cluster, network\n  kept backups: holds data (openstack_objectstorage_container_v1.backups)\n  kept data: holds data');
    // The workloads' volumes outlive their claims (Retain): the operator gets their Cinder ids.
    expect(result.out).toContain('  kept volume c1d2-0001 (nextcloud/data-nextcloud-db-1)\n  kept volume c1d2-0002 (rocketchat/data-rocketchat-mongodb-0)\n');
    expect(result.out).not.toContain('c1d2-0099');
    expect(calls.filter((c) => c.argv.includes('patch'))).toEqual([]);
    expect(existsSync(join(box.outDir, 'plans', 'manifest.json'))).toBe(false);
  });

  it('--delete-data without a terminal needs the name typed back with --confirm-name', async () => {
    const box = await deployedSandbox();
    const missing = await box.run(['destroy', 'pilot', '--yes', '--delete-data']);
    expect(missing.exitCode).toBe(2);
    expect(missing.err).toContain('--delete-data needs the environment name typed back: pass --confirm-name pilot');
    const wrong = await box.run(['destroy', 'pilot', '--yes', '--delete-data', '--confirm-name', 'pilote']);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.err).toContain('--confirm-name "pilote" is not the environment\'s name (pilot): nothing was destroyed');
    const alone = await box.run(['destroy', 'pilot', '--yes', '--confirm-name', 'pilot']);
    expect(alone.exitCode).toBe(2);
    expect(alone.err).toContain('--confirm-name only goes with --delete-data');
    expect(box.calls().filter((c) => c.argv.includes('-destroy') || c.argv[0] === 'destroy')).toEqual([]);
    expect(state(box, 'data')).toHaveLength(2);
  });

  it('on a terminal, --delete-data asks for the name; a wrong name deletes nothing', async () => {
    const box = await deployedSandbox();
    box.deps.interactive = true;
    box.answers.push('yes', 'production');
    const result = await box.run(['destroy', 'pilot', '--delete-data']);
    expect(result.exitCode).toBe(1);
    expect(box.prompts[1]).toBe('This deletes every data store of pilot (files, databases, volumes, backups) for good. Type the environment name to confirm: ');
    expect(result.err).toContain('"production" is not pilot: nothing was destroyed');
    expect(state(box, 'data')).toHaveLength(2);
  });

  it('--delete-data with the name typed back deletes the data stores too, lifting prevent_destroy only for that run', async () => {
    const box = await deployedSandbox();
    box.deps.interactive = true;
    box.answers.push('yes', 'pilot');
    const before = box.calls().length;
    const result = await box.run(['destroy', 'pilot', '--delete-data']);
    expect(result.exitCode).toBe(0);
    const labels = box.calls(before).map(label);
    expect(labels.slice(0, 11)).toEqual([
      'tofu version',
      'pulumi version',
      'kubectl version',
      'tofu init cluster',
      'tofu output cluster',
      'kubectl get',
      'pulumi stack select',
      'pulumi state',
      'kubectl patch',
      'kubectl patch',
      'pulumi destroy',
    ]);
    const patches = box.calls(before).filter((c) => c.argv.includes('patch'));
    expect(patches.map((c) => c.argv.slice(2))).toEqual(
      ['pvc-0a1b', 'pvc-0a1c'].map((pv) => ['patch', 'persistentvolume', pv, '--type', 'merge', '--patch', '{"spec":{"persistentVolumeReclaimPolicy":"Delete"}}']),
    );
    expect(labels.filter((l) => l.startsWith('tofu apply'))).toEqual(['tofu apply backups', 'tofu apply data', 'tofu apply cluster', 'tofu apply network']);
    const pulumiDestroy = box.calls(before).find((c) => c.tool === 'pulumi' && c.argv[0] === 'destroy')!;
    expect(pulumiDestroy.argv).not.toContain('--exclude-protected');
    for (const stack of ['network', 'cluster', 'data', 'backups']) expect(state(box, stack)).toEqual([]);
    expect(existsSync(join(box.outDir, 'terraform', 'data', DELETE_DATA_OVERRIDE_FILE))).toBe(false);
  });
});
