/** `socle plan` against the stand-ins: the exact sequence and flags, the manifest, the summary. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { label, sandbox } from './operate-harness.js';

describe('socle plan', () => {
  it('inits and plans each stack in dependency order, checks the saved plans, and records them', async () => {
    const box = sandbox();
    const result = await box.run(['plan', 'pilot']);
    expect(result.err).not.toContain('error');
    expect(result.exitCode).toBe(0);

    const calls = box.calls();
    expect(calls.map(label)).toEqual([
      'tofu version',
      'pulumi version',
      'tofu init network',
      'tofu plan network',
      'tofu show network',
      // The cluster reads the network's outputs: with network changes pending, it waits.
      'tofu init cluster',
      'tofu init data',
      'tofu plan data',
      'tofu show data',
      'tofu init backups',
      'tofu plan backups',
      'tofu show backups',
      // Before the first deploy there is no cluster to preview the workloads against.
      'tofu output cluster',
    ]);

    const plans = join(box.outDir, 'plans');
    const network = join(box.outDir, 'terraform', 'network');
    const [init, plan, show] = calls.filter((c) => c.cwd === network && c.argv[0] !== 'version');
    expect(init!.argv).toEqual([
      'init',
      '-input=false',
      '-no-color',
      '-backend-config=bucket=metropole-exemple-socle-state',
      '-backend-config=key=socle/pilot/network.tfstate',
      '-backend-config=region=sbg',
      '-backend-config=endpoints={s3="https://s3.sbg.io.cloud.ovh.net"}',
      '-backend-config=use_lockfile=true',
    ]);
    expect(plan!.argv).toEqual(['plan', '-input=false', '-no-color', '-lock-timeout=5m', '-detailed-exitcode', `-out=${join(plans, 'network.tfplan')}`]);
    expect(show!.argv).toEqual(['show', '-json', '-no-color', join(plans, 'network.tfplan')]);
    // Provider caches and backend settings outlive every synth.
    expect(init!.env['TF_DATA_DIR']).toBe(join(box.outDir, 'terraform-data', 'network'));
    expect(init!.env['TF_IN_AUTOMATION']).toBe('1');

    expect(box.gateCalls).toEqual([[join(plans, 'network.plan.json'), join(plans, 'data.plan.json'), join(plans, 'backups.plan.json')]]);
    // The Terraform and Pulumi states share an endpoint: probed once.
    expect(box.probed).toEqual(['https://s3.sbg.io.cloud.ovh.net']);

    const manifest = JSON.parse(readFileSync(join(plans, 'manifest.json'), 'utf8'));
    expect(manifest.stacks.map((s: { name: string }) => s.name)).toEqual(['network', 'cluster', 'data', 'backups']);
    expect(manifest.stacks[1]).toEqual({ name: 'cluster', deferredAfter: ['network'] });
    expect(manifest.stacks[0].changes).toMatchObject({ create: 2, update: 0, delete: 0, replace: 0 });
    expect(manifest.workloads).toEqual({ previewed: false, reason: 'the cluster stack has not been applied yet (no kubeconfig output)' });
    // The JSON plan holds resolved values: readable by its owner only.
    expect(statSync(join(plans, 'network.plan.json')).mode & 0o777).toBe(0o600);

    expect(result.out).toMatch(/network\s+2\s+0\s+0\s+0\s+saved plan/);
    expect(result.out).toMatch(/cluster\s+-\s+-\s+-\s+-\s+waits for network/);
    expect(result.out).toMatch(/cost {7}[\d,]+\.\d\d €\/month at list prices, excl\. VAT \(nothing deployed yet\)/);
    expect(result.out).toContain('next: review the plans above, then `socle deploy pilot`');
  });

  it('stops at blocking policy findings: no manifest, so nothing can be deployed', async () => {
    const box = sandbox();
    box.verdicts.push({ blocking: true, report: 'HIGH  residency-region  plan/data/openstack_objectstorage_container_v1.nextcloud_data  bucket outside FR' });
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('blocking policy findings: nothing will be applied');
    expect(result.err).toContain('residency-region');
    expect(box.calls().map(label)).not.toContain('tofu apply network');
    expect(box.calls().map(label)).not.toContain('pulumi preview');
    expect(existsSync(join(box.outDir, 'plans', 'manifest.json'))).toBe(false);

    const deploy = await box.run(['deploy', 'pilot']);
    expect(deploy.exitCode).toBe(2);
    expect(deploy.err).toContain('no reviewed plan for pilot: run `socle plan pilot` first');
    expect(box.calls().filter((c) => c.argv[0] === 'apply')).toEqual([]);
  });

  it('previews the workloads with the environment\'s Pulumi backend once the cluster exists', async () => {
    const box = sandbox();
    expect((await box.run(['plan', 'pilot'])).exitCode).toBe(0);
    expect((await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0'])).exitCode).toBe(0);
    const before = box.calls().length;
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(0);
    const pulumi = box.calls(before).filter((c) => c.tool === 'pulumi' && c.argv[0] !== 'version');
    const project = join(box.outDir, 'pulumi');
    expect(pulumi.map((c) => c.argv.slice(0, 4))).toEqual([
      ['stack', 'select', '--create', '--secrets-provider'],
      ['config', 'set', '--secret', 'socle:appsS3AccessKey'],
      ['config', 'set', '--secret', 'socle:appsS3SecretKey'],
      ['config', 'set', '--secret', 'socle:backupS3AccessKey'],
      ['config', 'set', '--secret', 'socle:backupS3SecretKey'],
      // The cloud controller's Keystone: OS_AUTH_URL of the operator's credentials, no secret.
      ['config', 'set', 'socle:openstackAuthUrl', 'https://auth.cloud.ovh.net/v3'],
      ['preview', '--json', '--stack', 'pilot'],
    ]);
    expect(pulumi[0]!.argv).toEqual(['stack', 'select', '--create', '--secrets-provider', 'passphrase', '--stack', 'pilot', '--cwd', project, '--non-interactive']);
    expect(pulumi[6]!.argv).toEqual(['preview', '--json', '--stack', 'pilot', '--cwd', project, '--non-interactive']);
    expect(pulumi[6]!.env['PULUMI_BACKEND_URL']).toBe('s3://metropole-exemple-socle-state?endpoint=s3.sbg.io.cloud.ovh.net&region=sbg&s3ForcePathStyle=true');
    expect(pulumi[6]!.env['KUBECONFIG']).toBe(join(box.outDir, 'kubeconfig'));
    expect(readFileSync(join(project, 'Pulumi.yaml'), 'utf8')).toContain('main: ../../../');
    expect(result.out).toContain('workloads  42 to create, 0 to update, 0 to replace, 0 to delete');
    expect(result.out).toMatch(/network\s+0\s+0\s+0\s+0\s+saved plan/);
    expect(result.out).toMatch(/deployed: [\d,]+\.\d\d €, change \+0\.00 €/);
  });

  it('previews against the kubeconfig an existing cluster names, relative to the environment file', async () => {
    const box = sandbox();
    const file = join(box.cwd, 'environments', 'pilot.yaml');
    // An existing cluster installs nothing on nodes: no artifact store either.
    const existing = readFileSync(file, 'utf8').replace('  mode: instances\n', '  mode: existing\n  kubeconfig: ./admin.kubeconfig\n').replace(/^artifacts:\n  url: .*\n/m, '');
    writeFileSync(file, existing);
    writeFileSync(join(box.cwd, 'environments', 'admin.kubeconfig'), 'apiVersion: v1\nkind: Config\n');
    // The data and backups stacks must be applied for the S3 keys the workloads get.
    expect((await box.run(['plan', 'pilot'])).exitCode).toBe(0);
    expect((await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0'])).exitCode).toBe(0);
    const before = box.calls().length;
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(0);
    const preview = box.calls(before).find((c) => c.argv[0] === 'preview')!;
    expect(preview.env['KUBECONFIG']).toBe(join(box.cwd, 'environments', 'admin.kubeconfig'));
    expect(box.calls().filter((c) => c.argv[0] === 'init').map(label)).not.toContain('tofu init cluster');
  });

  it('streams JSON events with --json and writes the full run log', async () => {
    const box = sandbox();
    const result = await box.run(['plan', 'pilot', '--json']);
    expect(result.exitCode).toBe(0);
    const events = result.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; time: string; step?: string });
    expect(events[0]).toMatchObject({ type: 'run-start', command: 'plan', environment: 'pilot' });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', ok: true, exitCode: 0 });
    expect(events.filter((e) => e.type === 'step-done').map((e) => e.step)).toEqual([
      'init:network', 'plan:network', 'init:cluster', 'plan:cluster', 'init:data', 'plan:data', 'init:backups', 'plan:backups', 'check', 'preview', 'record',
    ]);
    expect(events.find((e) => e.type === 'summary')).toMatchObject({ summary: { ok: true, environment: 'pilot' } });
    expect(events.every((e) => !Number.isNaN(Date.parse(e.time)))).toBe(true);

    const log = box.logs();
    expect(log).toContain('OpenTofu has been successfully initialized!');
    expect(log).toContain(`Saved the plan to: ${join(box.outDir, 'plans', 'network.tfplan')}`);
    expect(log).toMatch(/plan stack network: done in [\d.]+s — 2 to add, 0 to change, 0 to replace, 0 to destroy/);
  });

  it('prints plain step lines when stderr is not a terminal, a live line when it is', async () => {
    const plain = sandbox();
    const ci = await plain.run(['plan', 'pilot']);
    expect(ci.err).toContain('[3/11] init stack cluster\n');
    expect(ci.err).toContain('      plan stack cluster: done in');
    expect(ci.err).not.toContain('\u001b[');

    const tty = sandbox();
    const terminal = await tty.run(['plan', 'pilot'], { tty: true });
    expect(terminal.exitCode).toBe(0);
    expect(terminal.err).toMatch(/\r\u001b\[2K⏵ \[1\/11\] init stack network {2}0:00/);
    expect(terminal.err).toContain('✓ plan stack network');
  });
});
