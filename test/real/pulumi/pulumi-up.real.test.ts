/**
 * Issue 12: `socle deploy`'s `pulumi up` of the workloads program, for real, against the test
 * bed's control plane — then `socle destroy`'s `pulumi destroy --exclude-protected`.
 *
 * Real here: the Pulumi CLI and engine on a `file://` backend, driven by socle's own calls
 * (scripts/operate/tools/pulumi-commands.ts); the @pulumi/pulumi, @pulumi/kubernetes and
 * @pulumi/random SDKs running socle's program (scripts/operate/tools/workloads-program.ts) in node;
 * the Kubernetes provider, built from its Go module (at the v4.25.0 commit, the only version the
 * proxy serves: its row names the v4.34.2 package.json pins, and what lies between is unproven);
 * etcd, kube-apiserver (Pod Security admission) and kube-controller-manager (Pods, the
 * StatefulSets' claims, binding, garbage collection, namespace deletion).
 * Reproductions, since the Go module proxy serves neither: the Node.js language host
 * (language-host/main.go) and the random provider's RandomPassword (random-provider/main.go).
 *
 * Left out, and why: the operators' Helm releases (Traefik, cert-manager, CloudNativePG's chart,
 * the OpenStack cloud controller and Cinder CSI: deploy/operators.json) — no Helm repository is
 * reachable, so the program runs with SOCLE_PULUMI_TEST_BED=1, which leaves them out and installs
 * nothing in their place but the CRDs the `crds` and `barman-cloud-crds` tools generate; with them, every readiness wait
 * (`pulumi.com/skipAwait`, the same variable: no kubelet runs, so no Pod ever gets Ready). So
 * what the operators would do (CloudNativePG's databases, certificates, ingress) is not run here,
 * and `--delete-data` (its Cinder volumes) is exclude-protected.real.test.ts's.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secretCatalogue } from '../../../charts/secrets.js';
import { loadEnvironmentFile } from '../../../environments/load-environment.js';
import type { OperateContext } from '../../../scripts/operate/flows/operate-context.js';
import { StepDeadline } from '../../../scripts/operate/flows/step-deadline.js';
import { EventBus } from '../../../scripts/operate/progress/event-bus.js';
import { dataVolumes } from '../../../scripts/operate/state/data-volumes.js';
import { pulumiDestroy, pulumiPreview, pulumiSelectStack, pulumiSetSecret, pulumiUp } from '../../../scripts/operate/tools/pulumi-commands.js';
import { PULUMI_PROJECT_NAME, pulumiProjectDir, writePulumiProject } from '../../../scripts/operate/tools/pulumi-project.js';
import { isToolProblem, resolveTool } from '../../../scripts/operate/tools/resolve-tools.js';
import { size } from '../../../sizing/size.js';
import { builtTool, describeProgram, type ProgramAvailability } from '../harness/program-suite.js';
import { installCrds, readCrds } from '../kubernetes/apply-to-cluster.js';
import { ControlPlane } from '../kubernetes/control-plane.js';
import type { KubeObjectRef } from '../kubernetes/kube-client.js';
import { waitUntil } from '../kubernetes/local-process.js';
import { objectName, synthesizedExample } from '../kubernetes/synthesized-manifests.js';
import { waitForWorkloadPods, type WorkloadPods } from '../kubernetes/workload-pods.js';
import { buildTestProgram, type TestProgram } from '../harness/test-programs.js';

const REPO = join(import.meta.dirname, '..', '..', '..');
const EXAMPLE = 'pilot';
const packageVersion = (name: string) => (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const tools = { pulumi: builtTool('pulumi'), 'pulumi-resource-kubernetes': builtTool('pulumi-resource-kubernetes'), etcd: builtTool('etcd'), 'kube-apiserver': builtTool('kube-apiserver'), 'kube-controller-manager': builtTool('kube-controller-manager'), crds: builtTool('crds'), 'barman-cloud-crds': builtTool('barman-cloud-crds') };
const missingTools = Object.entries(tools).filter(([, t]) => t.missing || !(t.path ?? t.dir)).map(([k, t]) => `${k} (${t.missing ?? 'no path reported'})`);
const SDK_VERSION = packageVersion('@pulumi/pulumi');
const stand = async (source: string, binary: string, version: string): Promise<TestProgram> =>
  missingTools.length > 0 ? { missing: 'not built: the suite cannot run' } : buildTestProgram(`pulumi/${source}`, binary, [`-X main.version=${version}`]);
const languageHost = await stand('language-host', 'pulumi-language-nodejs', SDK_VERSION);
const randomProvider = await stand('random-provider', 'pulumi-resource-random', packageVersion('@pulumi/random'));

function availability(program: ProgramAvailability): ProgramAvailability {
  const missing = missingTools.length > 0 ? missingTools : [languageHost, randomProvider].flatMap((p) => ('missing' in p ? [p.missing] : []));
  return missing.length > 0 ? { missing: `pulumi up not run: needs ${missing.join('; ')}` } : program;
}

/** Pulumi, the controllers and the provider share 2 loaded cores: the first `up` takes minutes. */
const PULUMI_MS = 20 * 60_000;
const PASSPHRASE = 'test-pulumi-passphrase';
const configValue = (key: string) => `test-config-${key}-7Qx2`;

interface Deployed {
  plane: ControlPlane;
  ctx: OperateContext;
  cli: (args: string[]) => Promise<string>;
  /** Objects socle renders, as `synth` writes them (the program registers exactly these). */
  objects: KubeObjectRef[];
  namespaces: string[];
  workloads: WorkloadPods[];
  /** `namespace/name` of each Secret's config-sourced key, with the key. */
  configSecrets: { namespace: string; name: string; key: string; configKey: string }[];
  setupError?: string;
}

describe(`pulumi up of socle's workloads program (${EXAMPLE}) on the test bed`, () => {
  const suite = availability({ ...tools['pulumi-resource-kubernetes'], pinned: `v${packageVersion('@pulumi/kubernetes')}` });
  const reproduction = availability({ version: `v${SDK_VERSION}` });
  let d: Deployed | undefined;
  let setupError: string | undefined;

  beforeAll(async () => {
    if (suite.missing) return;
    const example = synthesizedExample(EXAMPLE);
    let plane: ControlPlane;
    try {
      plane = await ControlPlane.start({ etcd: tools.etcd.path!, apiserver: tools['kube-apiserver'].path!, controllerManager: tools['kube-controller-manager'].path! });
    } catch (error) {
      setupError = (error as Error).message;
      return;
    }
    try {
      await installCrds(plane.client, [...readCrds(tools.crds.dir!), ...readCrds(tools['barman-cloud-crds'].dir!)]);
      const cwd = mkdtempSync(join(tmpdir(), 'socle-pulumi-up-'));
      const outDir = join(cwd, 'out', EXAMPLE);
      const state = join(cwd, 'state');
      mkdirSync(state, { recursive: true });
      const environmentFile = join(REPO, 'environments', 'examples', `${EXAMPLE}.yaml`);
      const base = loadEnvironmentFile(environmentFile);
      const environment = { ...base, state: { ...base.state, pulumi: { backend: `file://${state}` } } };
      writePulumiProject(outDir);
      const tool = await resolveTool('pulumi', { PATH: process.env['PATH'], SOCLE_PULUMI: tools.pulumi.path! }, cwd);
      if (isToolProblem(tool)) throw new Error(tool.message);
      const plugins = [(languageHost as { dir: string }).dir, (randomProvider as { dir: string }).dir, dirname(tools['pulumi-resource-kubernetes'].path!)];
      const env = { PATH: `${plugins.join(':')}:${process.env['PATH']}`, HOME: cwd, PULUMI_HOME: join(cwd, '.pulumi'), PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, PULUMI_SKIP_UPDATE_CHECK: 'true', SOCLE_PULUMI_TEST_BED: '1' };
      const lines: string[] = [];
      const bus = new EventBus([{ emit: (e) => void (e.type === 'step-output' && lines.push(e.line)), close: () => {} }], []);
      const ctx = { environment, environmentFile, outDir, cwd, env, tools: { tofu: tool, pulumi: tool }, bus, deadline: new StepDeadline(PULUMI_MS / 1000) } as unknown as OperateContext;
      const cli = async (args: string[]) =>
        (await execa(tools.pulumi.path!, [...args, '--stack', environment.name, '--cwd', pulumiProjectDir(outDir), '--non-interactive'], { env: { ...env, PULUMI_BACKEND_URL: `file://${state}` }, extendEnv: false })).stdout;

      // socle deploy's workloads-config and workloads steps, with test values for what the stacks' outputs would give.
      await pulumiSelectStack(ctx, 'workloads-config');
      const configSecrets = secretCatalogue(example.env, size(example.env)).flatMap((spec) =>
        Object.entries(spec.values).flatMap(([key, value]) => (value.from === 'config' ? spec.namespaces.map((namespace) => ({ namespace, name: spec.name, key, configKey: value.configKey })) : [])),
      );
      for (const configKey of new Set(configSecrets.map((s) => s.configKey))) await pulumiSetSecret(ctx, 'workloads-config', configKey, configValue(configKey));
      try {
        await pulumiUp(ctx, 'workloads', plane.kubeconfig);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${lines.slice(-60).join('\n')}`);
      }
      const objects = example.files.flatMap((f) => f.objects);
      const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
      const workloads = await waitForWorkloadPods(plane.client, namespaces, 120_000);
      d = { plane, ctx, cli, objects, namespaces, workloads, configSecrets };
    } catch (error) {
      setupError = `${(error as Error).message}\n${plane.tails(15)}`;
      await plane.stop();
    }
  }, PULUMI_MS + 180_000);

  afterAll(async () => {
    await d?.plane.stop();
  });

  beforeEach(() => {
    expect(setupError, 'the control plane or the first pulumi up failed').toBeUndefined();
  });

  describeProgram('pulumi-language-nodejs-reproduction', reproduction, () => {
    it("(socle's reproduction of the Node.js language host, not the real one) hands the stack's config to socle's program: each Secret built from config holds its value, which the state keeps encrypted", async () => {
      expect(d!.configSecrets.length).toBeGreaterThan(0);
      for (const s of d!.configSecrets) {
        const secret = await d!.plane.client.get<{ data: Record<string, string> }>(`/api/v1/namespaces/${s.namespace}/secrets/${s.name}`);
        expect(Buffer.from(secret.data[s.key] ?? '', 'base64').toString('utf8'), `${s.namespace}/${s.name} ${s.key}`).toBe(configValue(s.configKey));
      }
      const exported = await d!.cli(['stack', 'export']);
      for (const s of d!.configSecrets) expect(exported).not.toContain(configValue(s.configKey));
    });
  });

  describeProgram('pulumi-resource-kubernetes', suite, () => {
    it('pulumi up creates every object socle renders (the Helm releases left out) in the API server, and Pod Security admits the Pods the controllers make of them', async () => {
      const absent: string[] = [];
      for (const o of d!.objects) {
        const got = await d!.plane.client.request('GET', d!.plane.client.objectPath(o));
        if (got.status !== 200) absent.push(`${objectName(o)}: ${got.status}`);
      }
      expect(absent).toEqual([]);
      const unsettled = d!.workloads.filter((w) => w.pods.length < w.expected).map((w) => `${w.workload}: ${w.pods.length}/${w.expected} Pods; ${w.failedCreate.join(' | ')}`);
      expect(unsettled).toEqual([]);
      expect(d!.workloads.flatMap((w) => w.failedCreate.filter((m) => /PodSecurity/.test(m)).map((m) => `${w.workload}: ${m}`))).toEqual([]);
      expect(d!.workloads.length).toBeGreaterThan(0);
    });

    it('a second pulumi up is a no-op: its preview shows no change', async () => {
      const changes = await pulumiPreview(d!.ctx, 'workloads', d!.plane.kubeconfig);
      expect({ ...changes, same: 0 }).toEqual({ create: 0, update: 0, delete: 0, replace: 0, same: 0 });
      expect(changes.same).toBeGreaterThan(d!.objects.length);
      await pulumiUp(d!.ctx, 'workloads', d!.plane.kubeconfig);
    }, PULUMI_MS);

    it('socle destroy without --delete-data (pulumi destroy --exclude-protected) deletes every workload, keeps the protected generated passwords and the data volumes (reclaim policy Retain)', async () => {
      const { plane } = d!;
      // What the Cinder CSI driver would do: a volume for each claim of the StatefulSets' templates.
      const claimsWanted = d!.objects.filter((o) => o.kind === 'StatefulSet').reduce((n, s) => n + (((s as { spec?: { replicas?: number; volumeClaimTemplates?: unknown[] } }).spec?.replicas ?? 1) > 0 ? ((s as { spec?: { volumeClaimTemplates?: unknown[] } }).spec?.volumeClaimTemplates?.length ?? 0) : 0), 0);
      expect(claimsWanted).toBeGreaterThan(0);
      type Claim = { metadata: { name: string; namespace: string }; spec: { storageClassName: string; accessModes: string[]; resources: { requests: { storage: string } } }; status?: { phase?: string } };
      let claims: Claim[] = [];
      await waitUntil(`the StatefulSet controller creates ${claimsWanted} claims`, async () => {
        claims = (await Promise.all(d!.namespaces.map((ns) => plane.client.list<Claim>('v1', 'PersistentVolumeClaim', ns)))).flat();
        return claims.length >= claimsWanted;
      }, 120_000);
      for (const [i, c] of claims.entries()) {
        const pv = {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name: `test-volume-${i}` },
          spec: {
            capacity: { storage: c.spec.resources.requests.storage },
            accessModes: c.spec.accessModes,
            storageClassName: c.spec.storageClassName,
            persistentVolumeReclaimPolicy: 'Retain',
            claimRef: { namespace: c.metadata.namespace, name: c.metadata.name },
            csi: { driver: 'cinder.csi.openstack.org', volumeHandle: `test-cinder-volume-${i}` },
          },
        };
        const made = await plane.client.request('POST', '/api/v1/persistentvolumes', pv);
        expect(made.status, JSON.stringify(made.body)).toBe(201);
      }
      await waitUntil('the volume controller binds every claim', async () => {
        const now = (await Promise.all(d!.namespaces.map((ns) => plane.client.list<Claim>('v1', 'PersistentVolumeClaim', ns)))).flat();
        return now.every((c) => c.status?.phase === 'Bound');
      }, 120_000);

      const before = JSON.parse(await d!.cli(['stack', 'export'])) as { deployment: { resources: { urn: string; type: string; protect?: boolean }[] } };
      const passwords = before.deployment.resources.filter((r) => r.type === 'random:index/randomPassword:RandomPassword');
      expect(passwords.length).toBeGreaterThan(0);
      expect(passwords.every((r) => r.protect === true)).toBe(true);

      await pulumiDestroy(d!.ctx, 'workloads', plane.kubeconfig, true);

      // Namespaces finish terminating (their controller deletes what they hold) after the delete returns.
      const remaining = async () => {
        const left: string[] = [];
        for (const o of d!.objects) {
          const got = await plane.client.request('GET', plane.client.objectPath(o));
          if (got.status !== 404) left.push(`${objectName(o)}: ${got.status}`);
        }
        return left;
      };
      await waitUntil('every object socle rendered is deleted', async () => (await remaining()).length === 0, 120_000).catch(() => undefined);
      expect(await remaining(), 'objects still in the API server').toEqual([]);
      for (const s of d!.configSecrets) expect((await plane.client.request('GET', `/api/v1/namespaces/${s.namespace}/secrets/${s.name}`)).status).toBe(404);

      const after = JSON.parse(await d!.cli(['stack', 'export'])) as typeof before;
      const kept = after.deployment.resources.filter((r) => !r.type.startsWith('pulumi:'));
      expect(kept.map((r) => r.urn).sort()).toEqual(passwords.map((r) => r.urn).sort());
      expect(after.deployment.resources.map((r) => r.urn)).toContain(`urn:pulumi:${d!.ctx.environment.name}::${PULUMI_PROJECT_NAME}::pulumi:pulumi:Stack::${PULUMI_PROJECT_NAME}-${d!.ctx.environment.name}`);

      // socle's own reading of what stays (scripts/operate/state/data-volumes.ts): every volume, its claim gone.
      const volumes = dataVolumes(JSON.stringify({ items: await plane.client.list('v1', 'PersistentVolume') }));
      expect(volumes.map((v) => v.claim).sort()).toEqual(claims.map((c) => `${c.metadata.namespace}/${c.metadata.name}`).sort());
      const phases = async () => new Set((await plane.client.list<{ status?: { phase?: string } }>('v1', 'PersistentVolume')).map((v) => v.status?.phase));
      await waitUntil('the volume controller releases every volume', async () => [...(await phases())].every((p) => p === 'Released'), 60_000).catch(() => undefined);
      expect(await phases()).toEqual(new Set(['Released']));
    }, PULUMI_MS);
  });
});
