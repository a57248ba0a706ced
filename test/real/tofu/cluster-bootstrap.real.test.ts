/**
 * The cluster bootstrap bundle in the real OpenTofu (stacks/compute/cluster-bootstrap.ts), on
 * pilot's cluster stack with local state and the fake OpenStack: the first bundle `terraform_data`
 * stores is the one every node's user data and the admin signer output read, later plans with a
 * fresh bundle change nothing, the values stay sensitive (not in tofu's human output, not in the
 * plan JSON socle keeps, not in clear in the encrypted state), and the kubeconfig socle signs from
 * the real `tofu output -json` chains to the stored client CA.
 *
 * The first server's user data is rendered by the real tofu (`tofu console` over the stored state),
 * its only other references — the API load balancer's addresses, known after apply — given
 * literal addresses; the join token is then checked as a joining node checks it (k3s
 * pkg/clientaccess/token.go `hashCA`: SHA-256 of the one-certificate /cacerts file's bytes).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../../environments/environment.js';
import { loadEnvironmentFile } from '../../../environments/load-environment.js';
import { adminKubeconfig } from '../../../scripts/operate/cloud/admin-kubeconfig.js';
import { generateClusterBootstrap } from '../../../scripts/operate/cloud/cluster-bootstrap.js';
import { redactPlanJson } from '../../../scripts/operate/progress/plan-json-redaction.js';
import { writeSynth } from '../../../scripts/synth-pipeline.js';
import type { ClusterBootstrapBundle } from '../../../stacks/compute/cluster-bootstrap-bundle.js';
import { OVHCLOUD_INVENTORY } from '../fakes/openstack/cloud-inventory.js';
import { startFakeOpenStack, type FakeOpenStack } from '../fakes/openstack/openstack-fake.js';
import { describeProgram } from '../harness/program-suite.js';
import { appliedState, writeLocalStateOverride } from './local-state.js';
import { mirrors, needing, passwordEnv, providerTool, tofuTool } from './tofu-tools.js';
import { failure, stackDocument, tofuWorkspace } from './tofu-workspace.js';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const SECRET_FIELDS = ['server_token', 'agent_token', 'server_ca_private_key', 'client_ca_private_key'] as const;
/** What the API load balancer's addresses stand for in the rendered user data (documentation ranges). */
const VIP = '192.0.2.10';

type Doc = Record<string, Record<string, Record<string, Record<string, unknown>>>>;
interface Plan {
  resource_changes: { address: string; change: { actions: string[]; after_sensitive: unknown } }[];
  output_changes: Record<string, { after_sensitive: unknown }>;
  planned_values: { root_module: { resources: { address: string; sensitive_values: Record<string, unknown> }[] } };
}

const tofuAvailability = needing(tofuTool, ['terraform-provider-openstack', providerTool]);
const scratch = mkdtempSync(join(tmpdir(), 'socle-real-bootstrap-'));
let fake: FakeOpenStack | undefined;
afterAll(async () => {
  await fake?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Every form of the bundle's secrets that a leak would show: whole, and each line of a key. */
function secretPieces(bundle: ClusterBootstrapBundle): string[] {
  return SECRET_FIELDS.flatMap((f) => [bundle[f], ...bundle[f].split('\n').filter((l) => l.length > 40)]);
}

const leaked = (text: string, bundle: ClusterBootstrapBundle) => secretPieces(bundle).filter((p) => text.includes(p));

describeProgram('tofu', tofuAvailability, () => {
  const environment: Environment = loadEnvironmentFile(join(REPO, 'environments', 'examples', 'pilot.yaml'));
  const outDir = join(scratch, 'out');
  writeSynth(environment, outDir, new Date('2026-12-01T00:00:00Z'));
  const dir = join(scratch, 'cluster');
  cpSync(join(outDir, 'terraform', 'cluster'), dir, { recursive: true });
  const doc = stackDocument(dir) as Doc;
  const workspace = tofuWorkspace(tofuTool.path ?? 'tofu', join(scratch, 'home'), mirrors, {});
  let first: ClusterBootstrapBundle;
  let second: ClusterBootstrapBundle;
  const withBundle = (bundle: ClusterBootstrapBundle) => ({ ...passwordEnv(fake!), TF_VAR_cluster_bootstrap: JSON.stringify(bundle) });
  const show = async (planFile: string) => {
    const shown = await workspace.run(dir, ['show', '-json', '-no-color', planFile]);
    expect(shown.exitCode, failure('tofu show -json', shown)).toBe(0);
    return shown.stdout;
  };

  describe('pilot cluster stack: the cluster bootstrap bundle', () => {
    it('first plan: the bundle is stored by terraform_data, marked sensitive; the plan JSON socle keeps holds none of it', async () => {
      first = await generateClusterBootstrap(environment, new Date());
      second = await generateClusterBootstrap(environment, new Date());
      fake = await startFakeOpenStack({ regions: [environment.cloud.region], inventory: OVHCLOUD_INVENTORY });
      const network = stackDocument(join(outDir, 'terraform', 'network'));
      writeFileSync(join(scratch, 'network.tfstate'), await appliedState(workspace, network));
      writeLocalStateOverride(dir, doc, () => join(scratch, 'network.tfstate'));
      const init = await workspace.run(dir, ['init', '-input=false', '-no-color']);
      expect(init.exitCode, failure('tofu init', init)).toBe(0);

      const plan = await workspace.run(dir, ['plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${join(scratch, 'first.tfplan')}`], withBundle(first));
      expect(plan.exitCode, failure('tofu plan', plan)).toBe(2);
      expect(fake.unknown()).toEqual([]);
      expect(leaked(plan.stdout + plan.stderr, first)).toEqual([]);
      const raw = await show(join(scratch, 'first.tfplan'));
      const parsed = JSON.parse(raw) as Plan;
      expect(parsed.resource_changes.find((r) => r.address === 'terraform_data.cluster_bootstrap')?.change.actions).toEqual(['create']);
      expect(parsed.planned_values.root_module.resources.find((r) => r.address === 'terraform_data.cluster_bootstrap')?.sensitive_values).toMatchObject({ input: true });
      expect(parsed.output_changes['admin_certificate_signer']?.after_sensitive).toBe(true);
      // tofu show -json prints sensitive values in clear (the reason socle rewrites it before keeping it)…
      expect(leaked(raw, first).length).toBeGreaterThan(0);
      // …and what socle keeps has none left.
      expect(leaked(redactPlanJson(raw), first)).toEqual([]);
    });

    it('the apply of the bundle alone calls no cloud API and writes it only into the encrypted state', async () => {
      fake!.reset();
      const apply = await workspace.run(dir, ['apply', '-input=false', '-no-color', '-auto-approve', '-target=terraform_data.cluster_bootstrap'], withBundle(first));
      expect(apply.exitCode, failure('tofu apply -target', apply)).toBe(0);
      expect(fake!.requests.filter((q) => !q.route.startsWith('keystone'))).toEqual([]);
      expect(fake!.unknown()).toEqual([]);
      expect(leaked(apply.stdout + apply.stderr, first)).toEqual([]);
      const state = readFileSync(join(dir, 'terraform.tfstate'), 'utf8');
      expect(JSON.parse(state)).toHaveProperty('encrypted_data');
      expect(leaked(state, first)).toEqual([]);
    });

    it('a later plan with a fresh bundle changes nothing of the stored one, and keeps neither in the plan JSON', async () => {
      const plan = await workspace.run(dir, ['plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${join(scratch, 'second.tfplan')}`], withBundle(second));
      expect(plan.exitCode, failure('tofu plan', plan)).toBe(2);
      expect(fake!.unknown()).toEqual([]);
      const raw = await show(join(scratch, 'second.tfplan'));
      const parsed = JSON.parse(raw) as Plan;
      const actions = new Map(parsed.resource_changes.map((r) => [r.address, r.change.actions.join('+')]));
      expect(actions.get('terraform_data.cluster_bootstrap')).toBe('no-op');
      expect([...actions].filter(([a, x]) => a !== 'terraform_data.cluster_bootstrap' && x !== 'create')).toEqual([]);
      // Every node's user data reads the stored bundle: sensitive in the plan.
      const nodes = parsed.resource_changes.filter((r) => r.address.startsWith('openstack_compute_instance_v2.'));
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) expect({ node: n.address, userData: (n.change.after_sensitive as Record<string, unknown>)['user_data'] }).toEqual({ node: n.address, userData: true });
      expect(leaked(plan.stdout + plan.stderr, first)).toEqual([]);
      expect(leaked(plan.stdout + plan.stderr, second)).toEqual([]);
      const kept = redactPlanJson(raw);
      expect(leaked(kept, first)).toEqual([]);
      expect(leaked(kept, second)).toEqual([]);
    });

    it("the first server's user data, rendered by tofu over the stored state, holds the first bundle and a token that pins its CA", async () => {
      const userData = doc['resource']!['openstack_compute_instance_v2']!['control_plane_0']!['user_data'] as string;
      const template = userData.replace(/\$\{openstack_[a-z0-9_]+\.[a-z0-9_]+\.(?:vip_address|address)\}/g, VIP);
      expect(template).not.toMatch(/\$\{openstack_/);
      const console = await workspace.run(dir, ['console', '-no-color'], withBundle(second), `base64encode(nonsensitive(${JSON.stringify(template)}))\n`);
      expect(console.exitCode, failure('tofu console', console)).toBe(0);
      // stdout also carries tofu's state lock messages: the value is the one quoted base64 line.
      const value = console.stdout.split('\n').find((line) => /^"[A-Za-z0-9+/=]+"$/.test(line.trim()));
      expect(value, console.stdout.slice(0, 2000)).toBeDefined();
      const rendered = Buffer.from(JSON.parse(value!.trim()) as string, 'base64').toString('utf8');
      expect(rendered.startsWith('#cloud-config\n')).toBe(true);
      const files = (JSON.parse(rendered.slice('#cloud-config\n'.length)) as { write_files: { path: string; content: string; encoding?: string }[] }).write_files;
      const file = (name: string) => {
        const f = files.find((x) => x.path === `/var/lib/rancher/rke2/server/tls/${name}`)!;
        expect(f.encoding).toBe('b64');
        return Buffer.from(f.content, 'base64');
      };
      expect(file('server-ca.crt').toString('utf8')).toBe(first.server_ca_certificate);
      expect(file('server-ca.key').toString('utf8')).toBe(first.server_ca_private_key);
      expect(file('client-ca.crt').toString('utf8')).toBe(first.client_ca_certificate);
      expect(file('client-ca.key').toString('utf8')).toBe(first.client_ca_private_key);
      const config = JSON.parse(files.find((f) => f.path === '/etc/rancher/rke2/config.yaml')!.content) as Record<string, unknown>;
      const caHash = createHash('sha256').update(file('server-ca.crt')).digest('hex');
      expect(config['token']).toBe(`K10${caHash}::server:${first.server_token}`);
      expect(config['agent-token']).toBe(first.agent_token);
      expect(config['tls-san']).toEqual([VIP, VIP]);
    });

    it('socle signs an admin kubeconfig from the real `tofu output -json`: it chains to the stored client CA', async () => {
      const output = await workspace.run(dir, ['output', '-json', '-no-color']);
      expect(output.exitCode, failure('tofu output -json', output)).toBe(0);
      const outputs = JSON.parse(output.stdout) as Record<string, { sensitive: boolean; value: unknown }>;
      const signer = outputs['admin_certificate_signer']!;
      expect(signer.sensitive).toBe(true);
      expect(signer.value).toEqual({ server_ca_certificate: first.server_ca_certificate, client_ca_certificate: first.client_ca_certificate, client_ca_private_key: first.client_ca_private_key });
      const made = await adminKubeconfig(signer.value as never, { cluster: 'pilot', server: `https://${VIP}:6443`, now: new Date() });
      const user = (JSON.parse(made.text) as { users: { user: Record<string, string> }[] }).users[0]!.user;
      const certificate = new X509Certificate(Buffer.from(user['client-certificate-data']!, 'base64'));
      expect(certificate.verify(new X509Certificate(first.client_ca_certificate).publicKey)).toBe(true);
    });
  });
});
