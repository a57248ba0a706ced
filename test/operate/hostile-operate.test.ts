/**
 * The adversarial trial's plan/deploy/destroy cases (shared/reviews/2026-12-01-hostile-inputs.md):
 * X1 a destroy that would take the data with it, X3 a prevent_destroy override left behind,
 * H1 a hung tool, H2 a tool that prints without end, M1 a plan that is not JSON.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DELETE_DATA_OVERRIDE_FILE } from '../../scripts/operate/state/delete-data-override.js';
import { STREAMED_BYTES_CAP } from '../../scripts/operate/tools/tool-process.js';
import { sandbox, type Sandbox } from './operate-harness.js';

async function deployedSandbox(): Promise<Sandbox> {
  const box = sandbox();
  expect((await box.run(['plan', 'pilot'])).exitCode).toBe(0);
  expect((await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0'])).exitCode).toBe(0);
  return box;
}

const stateFile = (box: Sandbox, stack: string) => join(box.cwd, 'stand-in-state', `state-${stack}.json`);
const state = (box: Sandbox, stack: string): string[] => (existsSync(stateFile(box, stack)) ? (JSON.parse(readFileSync(stateFile(box, stack), 'utf8')) as string[]) : []);

describe('X1 — a destroy plan that deletes data stores is refused without --delete-data', () => {
  it('data buckets moved into the cluster stack state (tofu state mv) stay, and the run says why', async () => {
    const box = await deployedSandbox();
    // What `tofu state mv` does: the buckets now belong to the cluster stack's state, not its configuration.
    const data = state(box, 'data');
    writeFileSync(stateFile(box, 'cluster'), JSON.stringify([...state(box, 'cluster'), ...data]));
    writeFileSync(stateFile(box, 'data'), '[]');

    const result = await box.run(['destroy', 'pilot', '--yes']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('the destroy plan of stack cluster would delete what socle keeps without --delete-data; nothing was destroyed:');
    expect(result.err).toContain('  openstack_objectstorage_container_v1.nextcloud_data: a data store of stack data');
    expect(result.out).not.toContain('destroyed cluster');
    // Nothing applied: the buckets (and the cluster) are still in the state.
    for (const address of data) expect(state(box, 'cluster')).toContain(address);
    expect(box.calls().some((c) => c.tool === 'tofu' && c.argv[0] === 'apply' && c.cwd.endsWith('cluster') && c.argv.some((a) => a.includes('destroy')))).toBe(false);
  });

  it('a resource the stack state holds but its configuration does not declare is refused too', async () => {
    const box = await deployedSandbox();
    writeFileSync(stateFile(box, 'network'), JSON.stringify([...state(box, 'network'), 'openstack_compute_instance_v2.imported_by_hand']));
    const result = await box.run(['destroy', 'pilot', '--yes']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain("openstack_compute_instance_v2.imported_by_hand: not declared by stack network: its state holds a resource its configuration doesn't");
  });
});

describe('X3 — an override left by a killed --delete-data run', () => {
  it('is removed before the next tofu command in its stack, and the run says so', async () => {
    const box = await deployedSandbox();
    const override = join(box.outDir, 'terraform', 'data', DELETE_DATA_OVERRIDE_FILE);
    writeFileSync(override, JSON.stringify({ resource: { openstack_objectstorage_container_v1: { nextcloud_data: { lifecycle: { prevent_destroy: false } } } } }));
    const result = await box.run(['plan', 'pilot']);
    expect(existsSync(override)).toBe(false);
    expect(result.err).toContain(`stack data: removed ${DELETE_DATA_OVERRIDE_FILE}, left by an interrupted --delete-data run`);
  });
});

describe('H1 — a hung tool', () => {
  it('is stopped at the step timeout; the step fails with the resume hint, and the re-run resumes', async () => {
    const box = sandbox();
    box.scenario.hangs = [{ key: 'tofu plan network', seconds: 30 }];
    const started = Date.now();
    const result = await box.run(['plan', 'pilot', '--step-timeout', '2']);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(result.exitCode).toBe(1);
    expect(result.err).toMatch(/plan stack network: FAILED after 2(\.\d)?s/);
    expect(result.err).toContain("did not finish within the step's 2 s (--step-timeout) and was stopped");
    expect(result.err).toContain('then re-run `socle plan pilot`: it continues from this step');
    box.scenario.hangs = [];
    const again = await box.run(['plan', 'pilot']);
    expect(again.exitCode).toBe(0);
    expect(again.err).toContain('resuming the previous run');
  });

  it('a timeout that is not a whole number of seconds is a usage error', async () => {
    const box = sandbox();
    const result = await box.run(['plan', 'pilot', '--step-timeout', '1h']);
    expect(result.exitCode).toBe(2);
    expect(result.err).toContain('--step-timeout must be a whole number of seconds, at least 1 (got "1h")');
  });
});

describe('H2 — a tool that prints without end', () => {
  it('keeps the log bounded: the head up to the cap, a note of what was left out, and the tail', async () => {
    const box = sandbox();
    box.scenario.floods = [{ key: 'tofu init network', megabytes: 12 }];
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(0);
    const logs = box.logs();
    expect(logs).toMatch(/\[socle: \d+ lines \(\d+ MiB in all\) left out; the last 400 follow\]/);
    expect(logs).toContain('flood: last line');
    expect(logs.length).toBeLessThan(STREAMED_BYTES_CAP * 2.5);
  });
});

describe('X2 — a forged run-state.json', () => {
  it("can't point a resumed destroy's kubectl and pulumi at another cluster's kubeconfig", async () => {
    const box = await deployedSandbox();
    box.scenario.failures = [{ key: 'pulumi destroy', times: 1, stderr: 'error: the API server timed out\n', exit: 1 }];
    expect((await box.run(['destroy', 'pilot', '--yes'])).exitCode).toBe(1);
    const runState = join(box.outDir, 'run-state.json');
    const forged = JSON.parse(readFileSync(runState, 'utf8')) as { done: Record<string, { kubeconfig?: string }> };
    const elsewhere = join(box.cwd, 'another-cluster.kubeconfig');
    writeFileSync(elsewhere, 'apiVersion: v1\nkind: Config\n');
    forged.done['cluster-access'] = { kubeconfig: elsewhere };
    writeFileSync(runState, JSON.stringify(forged));

    const before = box.calls().length;
    const resumed = await box.run(['destroy', 'pilot', '--yes']);
    expect(resumed.exitCode).toBe(0);
    const used = box.calls(before).filter((c) => (c.tool === 'kubectl' && c.argv[0] !== 'version') || (c.tool === 'pulumi' && c.argv[0] === 'destroy'));
    expect(used.length).toBeGreaterThan(0);
    for (const call of used) {
      expect(JSON.stringify(call)).not.toContain(elsewhere);
      expect(call.argv.includes('--kubeconfig') ? call.argv[call.argv.indexOf('--kubeconfig') + 1] : call.env['KUBECONFIG']).toBe(join(box.outDir, 'kubeconfig'));
    }
  });
});
