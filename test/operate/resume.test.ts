/** A failed run says which step, quotes the tool's error, says what to do; the re-run continues there. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { label, sandbox } from './operate-harness.js';

/** OpenTofu's own text when another run holds the S3 lock file. */
const LOCK_ERROR = [
  '',
  'Error: Error acquiring the state lock',
  '',
  'Error message: operation error S3: PutObject, https response error StatusCode: 412, api error',
  'PreconditionFailed: At least one of the pre-conditions you specified did not hold',
  'Lock Info:',
  '  ID:        9db7ea11-6a2b-3c3f-7c5e-0a1d3c1e2f44',
  '  Path:      metropole-exemple-socle-state/socle/pilot/data.tfstate',
  '  Operation: OperationTypePlan',
  '  Who:       ci@runner-7',
  '  Version:   1.10.6',
  '  Created:   2026-11-23 01:02:03.456 +0000 UTC',
  '',
  'OpenTofu acquires a state lock to protect the state from being written',
  'by multiple users at the same time. Please resolve the issue above and try',
  'again. For most commands, you can disable locking with the "-lock=false"',
  'flag, but this is not recommended.',
  '',
].join('\n');

describe('resuming after a failure', () => {
  it('plan: names the failed step, quotes the lock error, and the re-run continues at that stack', async () => {
    const box = sandbox();
    box.scenario.failures = [{ key: 'tofu plan data', times: 1, stderr: LOCK_ERROR, exit: 1 }];
    const failed = await box.run(['plan', 'pilot']);
    expect(failed.exitCode).toBe(1);
    expect(failed.err).toContain('plan stack data: FAILED after');
    expect(failed.err).toContain('tofu plan failed (exit 1):');
    expect(failed.err).toContain('Error: Error acquiring the state lock');
    expect(failed.err).toContain('Who:       ci@runner-7');
    expect(failed.err).toContain('then re-run `socle plan pilot`: it continues from this step');
    expect(failed.out).toBe('plan of pilot stopped at plan:data: nothing can be deployed from it\n');

    const before = box.calls().length;
    const resumed = await box.run(['plan', 'pilot']);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.err).toContain('resuming the previous run, which stopped at: plan stack data');
    expect(resumed.err).toContain('init stack network: skipped (done in the previous run)');
    expect(box.calls(before).map(label)).toEqual([
      'tofu version',
      'pulumi version',
      'tofu plan data',
      'tofu show data',
      'tofu init backups',
      'tofu plan backups',
      'tofu show backups',
      'tofu output cluster',
    ]);
  });

  it('plan: a changed environment starts afresh instead of resuming', async () => {
    const box = sandbox();
    box.scenario.failures = [{ key: 'tofu plan data', times: 1, stderr: LOCK_ERROR, exit: 1 }];
    expect((await box.run(['plan', 'pilot'])).exitCode).toBe(1);
    const file = join(box.cwd, 'environments', 'pilot.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('retentionDays: 14', 'retentionDays: 21'));
    const before = box.calls().length;
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(0);
    expect(result.err).not.toContain('resuming');
    expect(box.calls(before).map(label)).toContain('tofu init network');
  });

  it('deploy: a failed pulumi up resumes there, without applying any stack twice', async () => {
    const box = sandbox();
    box.scenario.failures = [
      {
        key: 'pulumi up',
        times: 1,
        stdout: 'Updating (pilot)\n',
        stderr: 'error: update failed\n    error: 1 error occurred:\n\t* the Kubernetes API server reported that "nextcloud/nextcloud-app" failed to fully initialize or become live: timed out waiting for the condition\n',
        exit: 255,
      },
    ];
    await box.run(['plan', 'pilot']);
    const failed = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(failed.exitCode).toBe(1);
    expect(failed.err).toContain('deploy the workloads (pulumi up): FAILED');
    expect(failed.err).toContain('pulumi up failed (exit 255):');
    expect(failed.err).toContain('error: update failed');
    expect(failed.err).toContain('then re-run `socle deploy pilot --auto-approve`: it continues from this step');

    const before = box.calls().length;
    const resumed = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(resumed.exitCode).toBe(0);
    const labels = box.calls(before).map(label);
    expect(labels.filter((l) => l.startsWith('tofu apply'))).toEqual([]);
    // Cluster access is read again (never trusted from run-state.json), then pulumi up resumes.
    expect(labels).toEqual(['tofu version', 'pulumi version', 'kubectl version', 'tofu output cluster', 'kubectl get', 'pulumi up', 'kubectl get']);
  });

  it('deploy: a saved plan gone stale is never re-planned behind the reviewer\'s back: plan again, then deploy', async () => {
    const box = sandbox();
    box.scenario.failures = [
      {
        key: 'tofu apply network',
        times: 1,
        stderr: '\nError: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by\nanother operation after the plan was created.\n',
        exit: 1,
      },
    ];
    await box.run(['plan', 'pilot']);
    const stale = await box.run(['deploy', 'pilot']);
    expect(stale.exitCode).toBe(1);
    expect(stale.err).toContain('Error: Saved plan is stale');
    expect(stale.err).toContain('next: the stack is partly applied: run `socle plan` to see what remains, review it, then `socle deploy`');
    expect(box.calls().filter((c) => c.argv[0] === 'plan' && c.cwd.endsWith('/network'))).toHaveLength(1);

    expect((await box.run(['plan', 'pilot'])).exitCode).toBe(0);
    const before = box.calls().length;
    const deployed = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(deployed.exitCode).toBe(0);
    expect(deployed.err).not.toContain('resuming');
    expect(box.calls(before).map(label).filter((l) => l.startsWith('tofu apply'))).toEqual(['tofu apply network', 'tofu apply cluster', 'tofu apply data', 'tofu apply backups']);
  });
});
