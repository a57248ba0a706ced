/**
 * The cluster bootstrap bundle through `socle plan`, `socle deploy` and `socle destroy` with
 * stand-in tools: only the plans of the stack that declares the variable get it, in their
 * environment (never argv); an apply of a saved plan never does (OpenTofu refuses one given a
 * value other than the plan's); each run makes its own; and a tool that prints it shows `***`.
 */
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../scripts/operate/progress/redaction.js';
import type { ClusterBootstrapBundle } from '../../stacks/compute/cluster-bootstrap-bundle.js';
import { sandbox } from './operate-harness.js';

const VARIABLE = 'TF_VAR_cluster_bootstrap';

describe('TF_VAR_cluster_bootstrap in plan, deploy and destroy', () => {
  it('reaches the cluster stack plans only, through the environment, a fresh bundle per run, redacted when printed', async () => {
    const box = sandbox();
    box.scenario.echoEnv = [{ key: 'tofu plan cluster', names: [VARIABLE] }];
    box.writeScenario();
    expect((await box.run(['plan', 'pilot'])).exitCode).toBe(0);
    const afterPlan = box.calls().length;
    expect((await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0'])).exitCode).toBe(0);
    const afterDeploy = box.calls().length;
    expect((await box.run(['destroy', 'pilot', '--yes'])).exitCode).toBe(0);

    const calls = box.calls().filter((c) => c.tool === 'tofu');
    const given = calls.filter((c) => c.env[VARIABLE] !== undefined);
    expect(given.length).toBeGreaterThan(0);
    for (const c of given) {
      expect(c.argv[0]).toBe('plan');
      expect(c.cwd.endsWith('/cluster')).toBe(true);
    }
    expect(calls.filter((c) => c.argv[0] === 'plan' && c.cwd.endsWith('/cluster')).every((c) => c.env[VARIABLE] !== undefined)).toBe(true);
    // One bundle in each run that planned the cluster stack (the deploy plans it once the network is
    // applied, --auto-approve; the destroy plans its destroy), a new one each time.
    const all = box.calls();
    const perRun = [all.slice(0, afterPlan), all.slice(afterPlan, afterDeploy), all.slice(afterDeploy)].map((run) => [...new Set(run.flatMap((c) => (c.env[VARIABLE] ? [c.env[VARIABLE]] : [])))]);
    expect(perRun.map((b) => b.length)).toEqual(perRun.map((b) => Math.min(b.length, 1)));
    const bundles = perRun.flat();
    expect(bundles.length).toBeGreaterThanOrEqual(2);
    expect(new Set(bundles).size).toBe(bundles.length);
    const secrets = bundles.flatMap((b) => {
      const bundle = JSON.parse(b) as ClusterBootstrapBundle;
      return [bundle.server_token, bundle.agent_token, bundle.server_ca_private_key.split('\n')[1]!, bundle.client_ca_private_key.split('\n')[1]!];
    });
    for (const c of box.calls()) for (const secret of secrets) expect(c.argv.join(' ')).not.toContain(secret);
    const log = box.logs();
    for (const secret of secrets) expect(log).not.toContain(secret);
    // The certificates are no secret and stay readable; the tokens and keys go.
    expect(log).toContain(`debug: ${VARIABLE}={"server_token":"${REDACTED}","agent_token":"${REDACTED}","server_ca_certificate":"-----BEGIN CERTIFICATE-----\\n`);
    expect(log).toContain(`"server_ca_private_key":"${REDACTED}"`);
  });
});
