/** Before anything runs: binaries at supported versions, credentials, reachable backends. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandbox, STAND_INS } from './operate-harness.js';

describe('preflight', () => {
  it('a missing binary gives its install hint, and nothing runs', async () => {
    const box = sandbox({ withStandIns: false });
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(2);
    expect(result.err).toContain('preflight failed, nothing was changed:');
    expect(result.err).toContain('✗ tofu: tofu or terraform not found on PATH');
    expect(result.err).toContain('→ install OpenTofu ≥ 1.8 (https://opentofu.org/docs/intro/install/) or Terraform ≥ 1.9 (https://developer.hashicorp.com/terraform/install), or set SOCLE_TOFU to its path');
    expect(result.err).toContain('✗ pulumi: pulumi not found on PATH');
    expect(result.err).toContain('https://www.pulumi.com/docs/install/');
    expect(box.calls()).toEqual([]);

    // deploy needs kubectl as well.
    box.env['PATH'] = `${STAND_INS}:${box.env['PATH']}`;
    expect((await box.run(['plan', 'pilot'])).exitCode).toBe(0);
    box.env['PATH'] = box.env['PATH']!.replace(`${STAND_INS}:`, '');
    box.env['SOCLE_TOFU'] = join(STAND_INS, 'tofu');
    box.env['SOCLE_PULUMI'] = join(STAND_INS, 'pulumi');
    const deploy = await box.run(['deploy', 'pilot']);
    expect(deploy.exitCode).toBe(2);
    expect(deploy.err).toContain('✗ kubectl: kubectl not found on PATH');
    expect(deploy.err).toContain('→ install kubectl ≥ 1.30, within one minor version of the cluster (https://kubernetes.io/docs/tasks/tools/), or set SOCLE_KUBECTL to its path');
    expect(box.calls().filter((c) => c.argv[0] === 'apply')).toEqual([]);
  });

  it('finds the binaries SOCLE_TOFU / SOCLE_PULUMI name, and says so when one is not there', async () => {
    const box = sandbox({ withStandIns: false });
    const bin = join(box.cwd, 'opt-bin');
    mkdirSync(bin);
    // Another name, another folder: only SOCLE_TOFU can lead there.
    symlinkSync(join(STAND_INS, 'tofu'), join(bin, 'tofu-1.10'));
    box.env['SOCLE_TOFU'] = join(bin, 'tofu-1.10');
    box.env['SOCLE_PULUMI'] = join(STAND_INS, 'pulumi');
    box.env['SOCLE_KUBECTL'] = join(bin, 'kubectl');
    const plan = await box.run(['plan', 'pilot']);
    expect(plan.err).not.toContain('✗');
    expect(plan.exitCode).toBe(0);
    expect(box.calls()[0]).toMatchObject({ tool: 'tofu', argv: ['version'] });

    const result = await box.run(['deploy', 'pilot']);
    expect(result.exitCode).toBe(2);
    expect(result.err).not.toContain('✗ tofu');
    expect(result.err).not.toContain('✗ pulumi');
    expect(result.err).toContain(`✗ kubectl: SOCLE_KUBECTL=${join(bin, 'kubectl')}: no executable found there`);
  });

  it('refuses an OpenTofu or Pulumi that is too old, accepts Terraform ≥ 1.9 — but not for S3 lock files before 1.10', async () => {
    const old = sandbox();
    old.scenario.tofuVersion = 'OpenTofu v1.7.3';
    old.scenario.pulumiVersion = 'v2.25.2';
    const result = await old.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(2);
    expect(result.err).toContain('✗ tofu: OpenTofu 1.7.3 at');
    expect(result.err).toContain('is too old (1.8.0 or newer needed)');
    expect(result.err).toContain('✗ pulumi: Pulumi 2.25.2 at');

    const terraform = sandbox();
    terraform.scenario.tofuVersion = 'Terraform v1.9.8';
    const locked = await terraform.run(['plan', 'pilot']);
    expect(locked.exitCode).toBe(2);
    expect(locked.err).toContain('✗ stack network: stack network locks its S3 state with use_lockfile, which needs Terraform ≥ 1.10.0 (found 1.9.8)');

    const recent = sandbox();
    recent.scenario.tofuVersion = 'Terraform v1.11.4';
    expect((await recent.run(['plan', 'pilot'])).exitCode).toBe(0);
    // use_lockfile only from 1.10: older ones would reject the flag.
    expect(recent.calls().find((c) => c.argv[0] === 'init')!.argv).toContain('-backend-config=use_lockfile=true');
  });

  it('lists every missing credential with what to do, and an unreachable backend', async () => {
    const box = sandbox({ env: { OS_AUTH_URL: '', OS_PASSWORD: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', PULUMI_CONFIG_PASSPHRASE: '' } });
    box.deps.probe = async () => ({ error: 'ENOTFOUND' });
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(2);
    expect(result.err).toContain('✗ credentials: no OpenStack credentials: neither OS_CLOUD nor OS_AUTH_URL');
    expect(result.err).toContain('download the OpenStack RC file');
    expect(result.err).toContain('✗ credentials: the state backend is S3 but AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set');
    expect(result.err).toContain('`openstack ec2 credentials create`');
    expect(result.err).toContain('✗ credentials: no Pulumi secrets provider: PULUMI_CONFIG_PASSPHRASE');
    expect(result.err).toContain("✗ backend: Terraform state (state.terraform.endpoint): https://s3.sbg.io.cloud.ovh.net can't be reached (ENOTFOUND)");
    expect(box.calls().filter((c) => c.argv[0] !== 'version')).toEqual([]);
  });

  it("refuses to run while the test bed's switch is set (it would deploy no operator and wait for nothing), and runs nothing", async () => {
    const box = sandbox({ env: { SOCLE_PULUMI_TEST_BED: '1' } });
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(2);
    expect(result.err).toContain("✗ environment variables: SOCLE_PULUMI_TEST_BED is set: it is the switch of socle's test bed");
    expect(result.err).toContain('unset SOCLE_PULUMI_TEST_BED in this shell');
    expect(box.calls().filter((c) => c.argv[0] !== 'version')).toEqual([]);
  });

  it('accepts OS_CLOUD naming a clouds.yaml entry, and names the files it looked in when there is none', async () => {
    const box = sandbox({ env: { OS_AUTH_URL: '', OS_PASSWORD: '', OS_CLOUD: 'ovh-gra' } });
    const missing = await box.run(['plan', 'pilot']);
    expect(missing.exitCode).toBe(2);
    expect(missing.err).toContain(`OS_CLOUD=ovh-gra but no clouds.yaml defines that cloud (looked in ${join(box.cwd, 'clouds.yaml')}, ${join(box.cwd, '.config', 'openstack', 'clouds.yaml')}, /etc/openstack/clouds.yaml)`);
    mkdirSync(join(box.cwd, '.config', 'openstack'), { recursive: true });
    writeFileSync(join(box.cwd, '.config', 'openstack', 'clouds.yaml'), 'clouds:\n  ovh-gra:\n    auth: { auth_url: "https://auth.cloud.ovh.net/v3", username: u, password: p4ssw0rd-xyz }\n');
    expect((await box.run(['plan', 'pilot'])).exitCode).toBe(0);
  });
});
