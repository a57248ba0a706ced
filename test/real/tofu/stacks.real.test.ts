/**
 * Every stack of every shipped example in the real OpenTofu with the real
 * terraform-provider-openstack: `tofu init` from the filesystem mirror only, `tofu validate`,
 * `tofu plan` against a fake OpenStack on 127.0.0.1 (authentication and the data sources' GETs,
 * nothing else), and `tofu show -json` of the saved plans, with their sensitive values replaced as
 * `socle plan` keeps them, through `socle check --plan`. The cluster stacks get a fresh bootstrap
 * bundle from socle's own generator, as `socle plan` gives it (TF_VAR_cluster_bootstrap).
 *
 * The state stays local for these runs (an override file, see local-state.ts); the S3 backend is
 * exercised in s3-backend.real.test.ts.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../../environments/environment.js';
import { loadEnvironmentFile } from '../../../environments/load-environment.js';
import { generateClusterBootstrap } from '../../../scripts/operate/cloud/cluster-bootstrap.js';
import { redactPlanJson } from '../../../scripts/operate/progress/plan-json-redaction.js';
import { writeSynth } from '../../../scripts/synth-pipeline.js';
import { CLUSTER_BOOTSTRAP_VARIABLE } from '../../../stacks/compute/cluster-bootstrap-bundle.js';
import { environmentFile, MAGNUM_FIXTURE } from '../../charts/examples.js';
import { CLEURA_INVENTORY, CLOUDFERRO_INVENTORY, OVHCLOUD_INVENTORY, type CloudInventory } from '../fakes/openstack/cloud-inventory.js';
import { startFakeOpenStack, type FakeOpenStack, type RecordedRequest } from '../fakes/openstack/openstack-fake.js';
import { describeProgram } from '../harness/program-suite.js';
import { callKey, expectedDataSourceCalls } from './data-source-calls.js';
import { appliedState, writeLocalStateOverride } from './local-state.js';
import { missingProviders, providersInMirrors } from './mirror-providers.js';
import { available, mirrors, needing, passwordEnv, providerTool, tofuTool } from './tofu-tools.js';
import { failure, stackDocument, tofuWorkspace, type TofuWorkspace } from './tofu-workspace.js';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const KEYSTONE = 'keystone: POST /v3/auth/tokens';

interface Example {
  readonly name: string;
  readonly inventory: CloudInventory;
  readonly stacks: readonly string[];
}

const EXAMPLES: readonly Example[] = [
  { name: 'pilot', inventory: OVHCLOUD_INVENTORY, stacks: ['network', 'cluster', 'data', 'backups'] },
  { name: 'metropole-9000', inventory: OVHCLOUD_INVENTORY, stacks: ['network', 'cluster', 'data', 'backups'] },
  { name: 'departement-cleura', inventory: CLEURA_INVENTORY, stacks: ['network', 'cluster', 'data', 'backups'] },
  { name: MAGNUM_FIXTURE, inventory: CLOUDFERRO_INVENTORY, stacks: ['network', 'cluster', 'data', 'backups'] },
];

interface StackRun {
  readonly example: string;
  readonly name: string;
  readonly dir: string;
  readonly doc: Record<string, unknown>;
  /** Providers the stack requires that the mirrors don't hold: none may be missing. */
  readonly unavailable: string[];
  fake?: FakeOpenStack;
  planJson?: string;
  requests?: RecordedRequest[];
}

interface ExampleRun {
  readonly example: Example;
  readonly environment: Environment;
  readonly outDir: string;
  readonly workspace: TofuWorkspace;
  readonly regions: string[];
  readonly stacks: StackRun[];
  readonly synthesized: string[];
}

function providerRegions(doc: Record<string, unknown>): string[] {
  const providers = (doc['provider'] ?? {}) as Record<string, { region?: string }[]>;
  return (providers['openstack'] ?? []).flatMap((p) => (p.region ? [p.region] : []));
}

function dataSourceValues(planJson: string): Map<string, Record<string, unknown>> {
  const plan = JSON.parse(planJson) as { prior_state?: { values?: { root_module?: { resources?: { address: string; mode: string; values: Record<string, unknown> }[] } } } };
  const resources = plan.prior_state?.values?.root_module?.resources ?? [];
  return new Map(resources.filter((r) => r.mode === 'data').map((r) => [r.address, r.values]));
}

function plannedActions(planJson: string): Map<string, string[]> {
  const plan = JSON.parse(planJson) as { resource_changes?: { address: string; mode: string; change: { actions: string[] } }[] };
  return new Map((plan.resource_changes ?? []).filter((r) => r.mode === 'managed').map((r) => [r.address, r.change.actions]));
}

function managedAddresses(doc: Record<string, unknown>): string[] {
  const resource = (doc['resource'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
}

const scratch = mkdtempSync(join(tmpdir(), 'socle-real-tofu-'));

/** Synthesized while the suite is collected: which stacks can run depends on their providers. */
function synthesize(example: Example): ExampleRun {
  const outDir = join(scratch, example.name);
  const environment = loadEnvironmentFile(environmentFile(example.name));
  writeSynth(environment, outDir, new Date('2026-12-01T00:00:00Z'));
  const synthesized = readdirSync(join(outDir, 'terraform')).sort();
  const inMirrors = providersInMirrors(mirrors);
  const stacks = example.stacks.filter((name) => synthesized.includes(name)).map((name): StackRun => {
    // tofu works in a copy: the synthesized folder stays as socle wrote it for \`socle check\`
    // (which reads override files too, and would rightly flag the local state of these runs).
    const dir = join(scratch, `${example.name}-tofu`, name);
    cpSync(join(outDir, 'terraform', name), dir, { recursive: true });
    const doc = stackDocument(dir);
    return { example: example.name, name, dir, doc, unavailable: missingProviders(doc, inMirrors) };
  });
  const regions = [...new Set(stacks.flatMap((s) => providerRegions(s.doc)))].sort();
  return { example, environment, outDir, workspace: tofuWorkspace(tofuTool.path ?? 'tofu', join(scratch, `${example.name}-home`), mirrors, {}), regions, stacks, synthesized };
}

const tofuAvailability = needing(tofuTool, ['terraform-provider-openstack', providerTool]);
const runs: ExampleRun[] = available(tofuAvailability) ? EXAMPLES.map(synthesize) : [];

/** What `socle plan` adds to the environment of a stack's plan: the cluster bootstrap bundle, where the stack declares it. */
async function planVariables(run: ExampleRun, s: StackRun): Promise<Record<string, string>> {
  const declared = Object.keys((s.doc['variable'] ?? {}) as Record<string, unknown>);
  if (!declared.includes(CLUSTER_BOOTSTRAP_VARIABLE)) return {};
  return { [`TF_VAR_${CLUSTER_BOOTSTRAP_VARIABLE}`]: JSON.stringify(await generateClusterBootstrap(run.environment, new Date())) };
}

afterAll(async () => {
  for (const run of runs) for (const stack of run.stacks) await stack.fake?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describeProgram('tofu', tofuAvailability, () => {
  for (const run of runs) {
    describe(run.example.name, () => {
      it(`socle synth writes the stacks ${run.example.stacks.join(', ')}, needing no provider the mirrors lack`, () => {
        expect(run.synthesized).toEqual([...run.example.stacks].sort());
        expect(run.regions.length).toBeGreaterThan(0);
        expect(run.stacks.map((s) => [s.name, s.unavailable])).toEqual(run.stacks.map((s) => [s.name, []]));
      });

      for (const s of run.stacks) {
        describe(s.name, () => {
          it(`${s.name}: tofu init installs every provider from the filesystem mirror, nothing from a registry`, async () => {
            writeLocalStateOverride(s.dir, s.doc, (of) => join(scratch, `${run.example.name}-applied-state`, `${of}.tfstate`));
            const init = await run.workspace.run(s.dir, ['init', '-input=false', '-no-color']);
            expect(init.exitCode, failure('tofu init', init)).toBe(0);
            expect(init.stdout).toContain('OpenTofu has been successfully initialized!');
            expect(init.stdout).toMatch(/Installing terraform-provider-openstack\/openstack v3\.4\.0/);
            const lock = readFileSync(join(s.dir, '.terraform.lock.hcl'), 'utf8');
            expect(lock).toContain('provider "registry.opentofu.org/terraform-provider-openstack/openstack"');
          });

          it(`${s.name}: tofu validate`, async () => {
            const validate = await run.workspace.run(s.dir, ['validate', '-no-color', '-json']);
            const report = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: { severity: string; summary: string; detail?: string }[] };
            expect(report.diagnostics.map((d) => `${d.severity}: ${d.summary}${d.detail ? ` — ${d.detail}` : ''}`)).toEqual([]);
            expect(report.valid).toBe(true);
          });

          it(`${s.name}: tofu plan creates every resource, calling only authentication and the data sources`, async () => {
            s.fake = await startFakeOpenStack({ regions: run.regions, inventory: run.example.inventory });
            if (s.name === 'network') {
              // What the network's apply leaves for its readers (the cluster stack's remote state).
              mkdirSync(join(scratch, `${run.example.name}-applied-state`), { recursive: true });
              writeFileSync(join(scratch, `${run.example.name}-applied-state`, 'network.tfstate'), await appliedState(run.workspace, s.doc));
            }
            mkdirSync(join(run.outDir, 'plans'), { recursive: true });
            const planFile = join(run.outDir, 'plans', `${s.name}.tfplan`);
            const plan = await run.workspace.run(s.dir, ['plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${planFile}`], { ...passwordEnv(s.fake), ...(await planVariables(run, s)) });
            s.requests = [...s.fake.requests];
            expect(s.fake.unknown(), 'requests the fake OpenStack does not know').toEqual([]);
            expect(plan.exitCode, failure('tofu plan', plan)).toBe(2);
            const show = await run.workspace.run(s.dir, ['show', '-json', '-no-color', planFile]);
            expect(show.exitCode, failure('tofu show -json', show)).toBe(0);
            s.planJson = show.stdout;
            writeFileSync(join(run.outDir, 'plans', `${s.name}.plan.json`), redactPlanJson(show.stdout));
            const actions = plannedActions(show.stdout);
            expect([...actions.keys()].sort()).toEqual(managedAddresses(s.doc).sort());
            expect([...new Set([...actions.values()].map((a) => a.join('+')))]).toEqual(['create']);
          });
        });
      }

      it('socle check --plan on the real plans', async () => {
        const planned = run.stacks.filter((s) => s.planJson !== undefined);
        expect(planned.map((s) => s.name)).toEqual(run.stacks.map((s) => s.name));
        const plans = planned.flatMap((s) => ['--plan', join(run.outDir, 'plans', `${s.name}.plan.json`)]);
        const check = await execa(process.execPath, [join(REPO, 'bin', 'socle.js'), 'check', run.outDir, ...plans, '--format', 'json'], { cwd: run.outDir, reject: false });
        // Only socle's working files beside the artifacts (plans/): anything else makes check refuse the folder.
        expect(check.exitCode, check.stderr).toBeLessThan(2);
        const report = JSON.parse(check.stdout) as { verdict: string; controls: { id: string; status: string; findings: { resource: string; message: string }[] }[] };
        expect(report.controls.filter((c) => c.status === 'fail').map((c) => ({ id: c.id, findings: c.findings }))).toEqual([]);
        // The plans add no finding of their own, waived or not: what they resolve agrees with the synthesized JSON.
        expect(report.controls.flatMap((c) => c.findings.filter((f) => f.resource.startsWith('plan/')).map((f) => `${c.id} ${f.resource}: ${f.message}`))).toEqual([]);
        expect(report.verdict).toBe('pass');
        expect(check.exitCode).toBe(0);
      });
    });
  }
});

/** The requests and plan of a stack the tofu row planned. */
function planned(s: StackRun): { requests: RecordedRequest[]; planJson: string } {
  if (!s.requests || !s.planJson) throw new Error(`${s.example}/${s.name}: not planned (see the tofu row)`);
  return { requests: s.requests, planJson: s.planJson };
}

describeProgram('terraform-provider-openstack', needing(providerTool, ['tofu', tofuTool]), () => {
  for (const run of runs) {
    describe(run.example.name, () => {
      for (const s of run.stacks) {
        describe(s.name, () => {
          it(`${s.name}: the plan's API calls are authentication and exactly the data sources' GETs`, () => {
            const { requests } = planned(s);
            const expected = expectedDataSourceCalls(s.doc).map(callKey).sort();
            const calls = requests.filter((q) => q.route !== KEYSTONE);
            expect(calls.map((q) => callKey({ route: q.route, query: q.query })).sort()).toEqual(expected);
            expect(calls.filter((q) => q.status !== 200)).toEqual([]);
            // Delayed authentication (the provider's default): a stack that reads nothing never authenticates.
            expect(requests.filter((q) => q.route === KEYSTONE).map((q) => `${q.authMethod} ${q.status}`)).toEqual(expected.length > 0 ? ['password 201'] : []);
          });

          it(`${s.name}: every data source read at plan time holds what the cloud answered`, () => {
            const values = dataSourceValues(planned(s).planJson);
            const declared = Object.entries((s.doc['data'] ?? {}) as Record<string, Record<string, unknown>>).flatMap(([type, blocks]) => Object.keys(blocks).map((n) => `data.${type}.${n}`));
            for (const [address, v] of values) {
              expect(declared).toContain(address);
              const type = address.split('.')[1];
              if (type === 'openstack_networking_network_v2') expect(v['id']).toBe(run.example.inventory.networks.find((n) => n.external && n.name === v['name'])?.id);
              else if (type === 'openstack_lb_flavor_v2') expect(v['flavor_id']).toBe(run.example.inventory.lbFlavors.find((f) => f.name === v['name'])?.id);
              else if (type === 'openstack_identity_role_v3') expect(v['id']).toBe(`role-${String(v['name'])}`);
              else if (type === 'openstack_identity_auth_scope_v3') expect(v['project_id']).toBe(s.fake!.credentials.projectId);
              else if (type !== 'terraform_remote_state') throw new Error(`${address}: no expectation for ${type}`);
            }
          });
        });
      }

      const network = run.stacks.find((s) => s.name === 'network');
      if (network && run === runs[0]) {
        it('network: authenticates with an application credential, and a wrong password stops the plan', async () => {
          planned(network);
          const fake = await startFakeOpenStack({ regions: run.regions, inventory: run.example.inventory });
          try {
            const { authUrl, credentials } = fake;
            const appCred = await run.workspace.run(network.dir, ['plan', '-input=false', '-no-color', '-detailed-exitcode'], {
              OS_AUTH_URL: authUrl,
              OS_APPLICATION_CREDENTIAL_ID: credentials.applicationCredentialId,
              OS_APPLICATION_CREDENTIAL_SECRET: credentials.applicationCredentialSecret,
            });
            expect(appCred.exitCode, failure('tofu plan (application credential)', appCred)).toBe(2);
            expect(fake.requests.filter((q) => q.route === KEYSTONE).map((q) => `${q.authMethod} ${q.status}`)).toEqual(['application_credential 201']);
            fake.reset();
            const refused = await run.workspace.run(network.dir, ['plan', '-input=false', '-no-color'], { ...passwordEnv(fake), OS_PASSWORD: 'not-the-password' });
            expect(refused.exitCode).toBe(1);
            expect(refused.stderr).toMatch(/Authentication failed|401/);
            expect(fake.requests.map((q) => `${q.route} ${q.status}`)).toEqual([`${KEYSTONE} 401`]);
          } finally {
            await fake.close();
          }
        });
      }
    });
  }
});
