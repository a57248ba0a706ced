/** Credentials reach the tools through their environment only: never argv, logs, events or reports. */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../scripts/operate/progress/redaction.js';
import { KUBECONFIG_SECRET, S3_SECRETS, sandbox, SECRETS } from './operate-harness.js';

function filesUnder(dir: string): string[] {
  // Symbolic links (the Pulumi project's node_modules) lead out of socle's files.
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isSymbolicLink() ? [] : e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('secrets', () => {
  it('never appear in arguments, logs, events, summaries or socle\'s own files, even when a tool prints them', async () => {
    const box = sandbox();
    // A tool that prints credentials (a provider in debug mode, say): socle must redact them.
    box.scenario.echoEnv = [
      { key: 'tofu init network', names: ['OS_PASSWORD', 'AWS_SECRET_ACCESS_KEY'] },
      { key: 'pulumi up', names: ['PULUMI_CONFIG_PASSPHRASE'] },
    ];
    box.scenario.failures = [{ key: 'pulumi up', times: 1, stderr: `error: Unauthorized (password ${SECRETS.OS_PASSWORD} rejected, S3 key ${S3_SECRETS.data})\n`, exit: 255 }];
    const plan = await box.run(['plan', 'pilot', '--json']);
    const failed = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(failed.exitCode).toBe(1);
    const deployed = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0', '--json']);
    expect(deployed.exitCode).toBe(0);
    const destroyed = await box.run(['destroy', 'pilot', '--yes']);
    expect(destroyed.exitCode).toBe(0);

    const secrets = [...Object.values(SECRETS), ...Object.values(S3_SECRETS), KUBECONFIG_SECRET];
    const calls = box.calls();
    expect(calls.length).toBeGreaterThan(40);
    for (const call of calls) for (const secret of secrets) expect(call.argv.join(' ')).not.toContain(secret);
    // …but the tools did get them, from their environment.
    expect(calls.find((c) => c.tool === 'tofu')!.env['OS_PASSWORD']).toBe(SECRETS.OS_PASSWORD);
    expect(calls.find((c) => c.tool === 'pulumi')!.env['PULUMI_CONFIG_PASSPHRASE']).toBe(SECRETS.PULUMI_CONFIG_PASSPHRASE);

    const log = box.logs();
    expect(log).toContain(`debug: OS_PASSWORD=${REDACTED}`);
    expect(log).toContain(`debug: PULUMI_CONFIG_PASSPHRASE=${REDACTED}`);
    // Secrets learnt from stack outputs are redacted as well.
    expect(failed.err).toContain(`error: Unauthorized (password ${REDACTED} rejected, S3 key ${REDACTED})`);

    const printed = [plan, failed, deployed, destroyed].map((r) => r.out + r.err).join('\n');
    // Everything socle wrote, except the kubeconfig itself and the saved plans (the tools' own files).
    const written = filesUnder(box.outDir)
      .filter((f) => !f.endsWith('/kubeconfig') && !f.includes('/plans/') && !f.includes('/terraform-data/'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const secret of secrets) {
      expect(log).not.toContain(secret);
      expect(printed).not.toContain(secret);
      expect(written).not.toContain(secret);
    }
    // The kubeconfig holds a client key: its owner alone reads it.
    expect(statSync(join(box.outDir, 'kubeconfig')).mode & 0o777).toBe(0o600);
  });

  it('redacts the password of the clouds.yaml entry OS_CLOUD names', async () => {
    const box = sandbox({ env: { OS_AUTH_URL: '', OS_PASSWORD: '', OS_CLOUD: 'ovh-gra' } });
    writeFileSync(join(box.cwd, 'clouds.yaml'), 'clouds:\n  ovh-gra:\n    auth:\n      auth_url: https://auth.cloud.ovh.net/v3\n      username: user-socle\n      password: clouds-yaml-pa55word\n    region_name: GRA11\n');
    box.scenario.failures = [{ key: 'tofu init network', times: 1, stderr: '\nError: Authentication failed for clouds-yaml-pa55word\n', exit: 1 }];
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(`Error: Authentication failed for ${REDACTED}`);
    expect(box.logs()).not.toContain('clouds-yaml-pa55word');
  });
});
