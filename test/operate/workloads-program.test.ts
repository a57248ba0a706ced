/** The entry the Pulumi CLI runs: the charts' program for the environment socle names, under mocks. */
import * as pulumi from '@pulumi/pulumi';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { operatorReleases } from '../../charts/platform/operators.js';
import { secretCatalogue } from '../../charts/secrets.js';
import { loadEnvironmentFile } from '../../environments/load-environment.js';
import { size } from '../../sizing/size.js';
import { REPO_ROOT } from './operate-harness.js';

const registered: { type: string; name: string }[] = [];
pulumi.runtime.setMocks(
  {
    newResource(args) {
      registered.push({ type: args.type, name: args.name });
      return { id: `${args.name}-id`, state: args.type === 'random:index/randomPassword:RandomPassword' ? { ...args.inputs, result: 'generated' } : args.inputs };
    },
    call: (args) => args.inputs,
  },
  'socle-workloads',
  'pilot',
  false,
);

const PILOT = join(REPO_ROOT, 'environments', 'examples', 'pilot.yaml');

describe('workloads-program.ts', () => {
  it('refuses to run without SOCLE_ENVIRONMENT_FILE, naming the way to run it', async () => {
    delete process.env['SOCLE_ENVIRONMENT_FILE'];
    await expect(import('../../scripts/operate/tools/workloads-program.js')).rejects.toThrow('SOCLE_ENVIRONMENT_FILE is not set: this program runs through `socle plan` / `socle deploy`');
  });

  it('deploys the operators and the suite of the environment in SOCLE_ENVIRONMENT_FILE', async () => {
    vi.resetModules();
    const env = loadEnvironmentFile(PILOT);
    const releases = operatorReleases(env, size(env));
    const keys = [
      ...new Set([
        ...secretCatalogue(env, size(env)).flatMap((s) => Object.values(s.values).flatMap((v) => (v.from === 'config' ? [`socle:${v.configKey}`] : []))),
        ...releases.flatMap((r) => (r.configValues ?? []).filter((c) => c.secret).map((c) => `socle:${c.configKey}`)),
      ]),
    ];
    const plain = releases.flatMap((r) => (r.configValues ?? []).filter((c) => !c.secret).map((c) => `socle:${c.configKey}`));
    pulumi.runtime.setAllConfig(Object.fromEntries([...keys, ...plain].map((k) => [k, 'configured'])), keys);
    process.env['SOCLE_ENVIRONMENT_FILE'] = PILOT;
    await import('../../scripts/operate/tools/workloads-program.js');
    // Registrations reach the mock monitor asynchronously.
    await new Promise((r) => setTimeout(r, 200));
    expect(registered.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release').map((r) => r.name).sort()).toEqual([
      'operator/cert-manager',
      'operator/cloudnative-pg',
      // The pilot runs on instances: socle's cluster needs the OpenStack cloud controller and Cinder CSI.
      'operator/openstack-cinder-csi',
      'operator/openstack-cloud-controller-manager',
      // The pilot backs up: PostgreSQL through the Barman Cloud plugin.
      'operator/plugin-barman-cloud',
      'operator/traefik',
    ]);
    expect(registered.some((r) => r.type === 'kubernetes:core/v1:Namespace' && r.name.includes('jitsi'))).toBe(true);
  });
});
