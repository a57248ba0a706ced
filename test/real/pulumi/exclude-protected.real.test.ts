/**
 * Review X4, settled with the real Pulumi engine: what `socle destroy` deletes of the workloads
 * stack. socle's program runs under Pulumi's mocks (no language host is served here) to give the
 * resources a deploy registers, with the `protect` each carries; that state is imported into a
 * real stack on a `file://` backend, and socle's own destroy calls run the real CLI against it
 * (scripts/operate/tools/pulumi-commands.ts). The engine chooses what to delete (pkg v3.248.0
 * cmd/pulumi/operations/destroy.go `getProtectedExcludes`: protected resources and everything they
 * depend on stay); a test provider plugin stands in for random and kubernetes and records each
 * delete the engine asks for.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { EventBus } from '../../../scripts/operate/progress/event-bus.js';
import type { OperateContext } from '../../../scripts/operate/flows/operate-context.js';
import { StepDeadline } from '../../../scripts/operate/flows/step-deadline.js';
import { pulumiDestroy, pulumiSelectStack, pulumiUnprotectAll } from '../../../scripts/operate/tools/pulumi-commands.js';
import { PULUMI_PROJECT_NAME, pulumiProjectDir, writePulumiProject } from '../../../scripts/operate/tools/pulumi-project.js';
import { isToolProblem, resolveTool } from '../../../scripts/operate/tools/resolve-tools.js';
import { size } from '../../../sizing/size.js';
import { loadExample } from '../../charts/examples.js';
import { installProgramMocks } from '../../charts/pulumi-mocks.js';
import { builtTool, describeProgram } from '../harness/program-suite.js';
import { recordProviders } from './record-provider.js';

const pulumiCli = builtTool('pulumi');
const providers = pulumiCli.missing ? { missing: pulumiCli.missing } : await recordProviders(['random', 'kubernetes']);
// The provider versions a deploy records: those of the SDK packages package.json pins.
const packageVersion = (name: string) => (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const PACKAGE_VERSIONS = { random: packageVersion('@pulumi/random'), kubernetes: packageVersion('@pulumi/kubernetes') };
const settle = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

interface CheckpointResource {
  urn: string;
  type: string;
  custom: boolean;
  id?: string;
  parent?: string;
  provider?: string;
  protect?: boolean;
  dependencies?: string[];
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The workloads stack's state after a deploy of `env`: socle's registrations, with their protect flags. */
async function deployedState(stack: string) {
  const env = loadExample('pilot');
  const plan = size(env);
  installProgramMocks(env, plan, stack, PULUMI_PROJECT_NAME);
  const { deploySuite } = await import('../../../charts/pulumi-program.js');
  const d = deploySuite(env, plan);
  const prefix = `urn:pulumi:${stack}::${PULUMI_PROJECT_NAME}::`;
  const root = `${prefix}pulumi:pulumi:Stack::${PULUMI_PROJECT_NAME}-${stack}`;
  const provider = (pkg: keyof typeof PACKAGE_VERSIONS): CheckpointResource => ({
    urn: `${prefix}pulumi:providers:${pkg}::default_${PACKAGE_VERSIONS[pkg].replaceAll('.', '_')}`,
    type: `pulumi:providers:${pkg}`,
    custom: true,
    id: `${pkg}-provider`,
    inputs: { version: PACKAGE_VERSIONS[pkg] },
    outputs: { version: PACKAGE_VERSIONS[pkg] },
  });
  const byPackage = { random: provider('random'), kubernetes: provider('kubernetes') };
  const passwordUrns = new Map<string, string>();
  for (const [key, p] of d.passwords) passwordUrns.set(key, await settle(p.urn));
  const registered = [...d.passwords.values(), ...d.secrets.values(), ...d.releases, ...d.objects.values()];
  const resources: CheckpointResource[] = [];
  for (const r of registered) {
    const urn = await settle(r.urn);
    const type = urn.slice(prefix.length).split('::')[0]!;
    const pkg = type.split(':')[0] as keyof typeof PACKAGE_VERSIONS;
    // A Secret's values come from its generated passwords (`secret/<ns>/<name>` ← `<name>/<key>`).
    const secretName = /::kubernetes:core\/v1:Secret::secret\/[^/]+\/(.+)$/.exec(urn)?.[1];
    const dependencies = secretName ? [...passwordUrns].filter(([k]) => k.startsWith(`${secretName}/`)).map(([, u]) => u) : [];
    resources.push({
      urn,
      type,
      custom: true,
      id: `${urn.split('::').pop()}-id`,
      parent: root,
      provider: `${byPackage[pkg].urn}::${byPackage[pkg].id}`,
      protect: (r as unknown as { __protect?: boolean }).__protect === true,
      dependencies,
      inputs: {},
      outputs: {},
    });
  }
  const version = pulumiCli.version!.replace(/^v?/, 'v');
  // The manifest's magic is the SHA-256 of the CLI version (pkg/resource/deploy Manifest.NewMagic).
  const manifest = { time: '2026-12-02T00:00:00Z', magic: createHash('sha256').update(version).digest('hex'), version };
  const all = [{ urn: root, type: 'pulumi:pulumi:Stack', custom: false }, byPackage.random, byPackage.kubernetes, ...resources];
  return { checkpoint: { version: 3, deployment: { manifest, resources: all } }, passwords: [...passwordUrns.values()], workloads: resources.filter((r) => !r.protect).map((r) => r.urn) };
}

describeProgram('pulumi', 'missing' in providers ? { missing: providers.missing } : pulumiCli, () => {
  it('destroy without --delete-data deletes every workload and keeps every generated password; with it, nothing stays', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'socle-pulumi-destroy-'));
    const outDir = join(cwd, 'out', 'pilot');
    mkdirSync(join(cwd, 'state'), { recursive: true });
    const base = loadExample('pilot');
    const environment = { ...base, state: { ...base.state, pulumi: { backend: `file://${join(cwd, 'state')}` } } };
    writePulumiProject(outDir);
    const deletes = join(cwd, 'deleted.txt');
    writeFileSync(deletes, '');
    const tool = await resolveTool('pulumi', { PATH: process.env['PATH'], SOCLE_PULUMI: pulumiCli.path! }, cwd);
    if (isToolProblem(tool)) throw new Error(tool.message);
    const dir = (providers as { dir: string }).dir;
    const env = { PATH: `${dir}:${process.env['PATH']}`, HOME: cwd, PULUMI_HOME: join(cwd, '.pulumi'), PULUMI_CONFIG_PASSPHRASE: 'test-pulumi-passphrase', PULUMI_SKIP_UPDATE_CHECK: 'true', SOCLE_RECORD_FILE: deletes };
    const bus = new EventBus([{ emit: () => {}, close: () => {} }], []);
    const ctx = { environment, environmentFile: 'pilot.yaml', outDir, cwd, env, tools: { tofu: tool, pulumi: tool }, bus, deadline: new StepDeadline(300) } as unknown as OperateContext;
    const kubeconfig = join(cwd, 'kubeconfig');

    await pulumiSelectStack(ctx, 'workloads');
    const state = await deployedState(environment.name);
    expect(state.passwords.length).toBeGreaterThan(10);
    const file = join(cwd, 'deployed-state.json');
    writeFileSync(file, JSON.stringify(state.checkpoint));
    const cli = (args: string[]) => execa(pulumiCli.path!, [...args, '--stack', environment.name, '--cwd', pulumiProjectDir(outDir), '--non-interactive'], { env: { ...env, PULUMI_BACKEND_URL: `file://${join(cwd, 'state')}` }, extendEnv: false });
    await cli(['stack', 'import', '--file', file]);
    const remaining = async () => (JSON.parse((await cli(['stack', 'export'])).stdout) as { deployment: { resources?: { urn: string; type: string }[] } }).deployment.resources ?? [];
    const deleted = () => readFileSync(deletes, 'utf8').split('\n').filter(Boolean).sort();

    // socle destroy --yes: the workloads go, the passwords (and their provider) stay.
    await pulumiDestroy(ctx, 'workloads', kubeconfig, true);
    expect(deleted()).toEqual([...state.workloads].sort());
    const kept = (await remaining()).filter((r) => !r.type.startsWith('pulumi:'));
    expect(kept.map((r) => r.urn).sort()).toEqual([...state.passwords].sort());
    expect((await remaining()).map((r) => r.type)).toContain('pulumi:providers:random');

    // socle destroy --delete-data: protection lifted, then everything goes.
    await pulumiUnprotectAll(ctx, 'workloads');
    await pulumiDestroy(ctx, 'workloads', kubeconfig, false);
    expect(deleted()).toEqual([...state.workloads, ...state.passwords].sort());
    expect(await remaining()).toEqual([]);
  });
});
