/**
 * Cluster access for an `instances` cluster (scripts/operate/cloud/cluster-access.ts): the kubeconfig is
 * signed for the run from the cluster stack's `admin_certificate_signer` and `api_endpoint`
 * outputs, as `tofu output -json` prints them (a stand-in tofu prints the real format here; the
 * real one: test/real/tofu/cluster-bootstrap.real.test.ts), written owner-only, and no key of it
 * reaches the run's events.
 */
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterStack, obtainClusterAccess } from '../../scripts/operate/cloud/cluster-access.js';
import { generateClusterBootstrap } from '../../scripts/operate/cloud/cluster-bootstrap.js';
import { EventBus } from '../../scripts/operate/progress/event-bus.js';
import type { OperateContext } from '../../scripts/operate/flows/operate-context.js';
import { StepDeadline } from '../../scripts/operate/flows/step-deadline.js';
import { example } from '../stacks/synthesized.js';

const root = mkdtempSync(join(tmpdir(), 'socle-access-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const bundle = await generateClusterBootstrap(example('pilot'), new Date());

function context(outputs: Record<string, unknown>): { ctx: OperateContext; lines: string[] } {
  const dir = mkdtempSync(join(root, 'run-'));
  const tofu = join(dir, 'tofu');
  writeFileSync(join(dir, 'outputs.json'), JSON.stringify(outputs));
  writeFileSync(tofu, `#!/bin/sh\ncat ${JSON.stringify(join(dir, 'outputs.json'))}\n`);
  chmodSync(tofu, 0o755);
  const lines: string[] = [];
  const bus = new EventBus([{ emit: (e) => lines.push(JSON.stringify(e)), close: () => {} }], []);
  const stack = { name: 'cluster', dir, dependsOn: ['network'], protectedResources: [], declared: [], outputs: ['admin_certificate_signer', 'api_endpoint', 'ingress_address'], variables: ['cluster_bootstrap', 'state_passphrase'], encryptsState: true, socleBuckets: [] };
  const ctx = { environment: example('pilot'), environmentFile: join(dir, 'pilot.yaml'), outDir: dir, cwd: dir, env: { PATH: process.env['PATH'] }, tools: { tofu: { path: tofu, version: '1.12.6', product: 'OpenTofu' } }, bus, stacks: [stack], deadline: new StepDeadline(60) } as unknown as OperateContext;
  return { ctx, lines };
}

const signer = { server_ca_certificate: bundle.server_ca_certificate, client_ca_certificate: bundle.client_ca_certificate, client_ca_private_key: bundle.client_ca_private_key };

describe('cluster access, instances mode', () => {
  it('signs an admin kubeconfig for the run from the stack outputs, owner-only, and redacts its keys', async () => {
    const { ctx, lines } = context({
      admin_certificate_signer: { sensitive: true, type: ['object', {}], value: signer },
      api_endpoint: { sensitive: false, type: 'string', value: 'https://198.51.100.20:6443' },
    });
    expect(clusterStack(ctx)).toBe('cluster');
    const access = await obtainClusterAccess(ctx, 'cluster-access');
    expect(access).toEqual({ kubeconfig: join(ctx.outDir, 'kubeconfig') });
    const path = (access as { kubeconfig: string }).kubeconfig;
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const kubeconfig = JSON.parse(readFileSync(path, 'utf8'));
    expect(kubeconfig.clusters[0].cluster.server).toBe('https://198.51.100.20:6443');
    const certificate = new X509Certificate(Buffer.from(kubeconfig.users[0].user['client-certificate-data'], 'base64'));
    expect(certificate.verify(new X509Certificate(bundle.client_ca_certificate).publicKey)).toBe(true);
    const adminKey = Buffer.from(kubeconfig.users[0].user['client-key-data'], 'base64').toString('utf8');
    ctx.bus.emit({ type: 'message', level: 'info', text: `${adminKey}\n${bundle.client_ca_private_key}` });
    const logged = lines.join('\n');
    for (const line of [...adminKey.split('\n'), ...bundle.client_ca_private_key.split('\n')].filter((l) => l.length > 40)) expect(logged).not.toContain(line);
  });

  it('before the cluster stack is applied: no access, and why', async () => {
    const { ctx } = context({});
    expect(await obtainClusterAccess(ctx, 'cluster-access')).toEqual({ unavailable: 'the cluster stack has not been applied yet (no admin_certificate_signer and api_endpoint outputs)' });
  });
});
