/**
 * `socle plan` end to end with the real tofu: preflight (tofu resolved and its version read by
 * socle), the real synth, `tofu init` with socle's backend flags against a real S3 server (versitygw,
 * lock file on), `tofu plan -out` + `tofu show -json` per stack against the fake OpenStack, the
 * real policy gate on the saved plans, and the manifest `socle deploy` applies.
 *
 * Pulumi stays a stand-in here (test/operate/stand-ins/pulumi): before the first deploy there is
 * no cluster, so `socle plan` only asks it for its version. departement-cleura: every provider its
 * stacks need is in the mirror.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../../environments/load-environment.js';
import { evaluatePoliciesGate } from '../../../scripts/operate/flows/policy-gate.js';
import { ensureBucket } from '../../../scripts/operate/cloud/s3-buckets.js';
import { writeSynth } from '../../../scripts/synth-pipeline.js';
import { sandbox, type Captured, type Sandbox } from '../../operate/operate-harness.js';
import { CLEURA_INVENTORY } from '../fakes/openstack/cloud-inventory.js';
import { startFakeOpenStack, type FakeOpenStack } from '../fakes/openstack/openstack-fake.js';
import { s3ServerAvailability, startS3Server, type S3Server } from '../fakes/s3/s3-server.js';
import { describeProgram } from '../harness/program-suite.js';
import { mirrors, needing, passwordEnv, providerTool, tofuTool } from './tofu-tools.js';
import { cliConfiguration } from './tofu-workspace.js';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const EXAMPLE = 'departement-cleura';
const availability = needing(tofuTool, ['terraform-provider-openstack', providerTool]);
const s3Server = s3ServerAvailability();

describeProgram('tofu', needing(availability, ['versitygw (the S3 server, npm run tools)', s3Server]), () => {
  describe(`socle plan ${EXAMPLE} with the real tofu (S3 state on versitygw, fake OpenStack; Pulumi a stand-in)`, () => {
    let scratch = '';
    let s3: S3Server;
    let fake: FakeOpenStack;
    let box: Sandbox;
    let result: Captured;
    let outDir = '';
    let bucket = '';
    /** The run logs socle wrote (out/<name>/logs/). */
    const runLogs = () =>
      readdirSync(join(outDir, 'logs'))
        .map((f) => readFileSync(join(outDir, 'logs', f), 'utf8'))
        .join('\n');

    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'socle-real-plan-'));
      const shipped = readFileSync(join(REPO, 'environments', 'examples', `${EXAMPLE}.yaml`), 'utf8');
      s3 = await startS3Server(scratch, { region: parseEnvironment(shipped, `${EXAMPLE}.yaml`).state.terraform!.region });
      fake = await startFakeOpenStack({ regions: ['Fra1', 'Sto2'], inventory: CLEURA_INVENTORY });
      // Both states on the local S3 server: the same endpoint, moved; everything else as shipped.
      const endpoint = /\n {4}endpoint: https:\/\/([^\s]+)/.exec(shipped)?.[1];
      expect(endpoint).toBeDefined();
      const text = shipped.replaceAll(endpoint!, s3.endpoint.replace(/^https:\/\//, ''));
      expect(text.match(new RegExp(s3.endpoint.replace(/^https:\/\//, ''), 'g'))?.length).toBe(2);
      const environment = parseEnvironment(text, `${EXAMPLE}.yaml`);
      bucket = environment.state.terraform!.bucket;
      await ensureBucket(s3.send, { endpoint: s3.endpoint, region: environment.state.terraform!.region, accessKey: s3.accessKey, secretKey: s3.secretKey }, bucket, () => new Date());

      const home = join(scratch, 'home');
      mkdirSync(home, { recursive: true });
      writeFileSync(join(home, 'tofu.tfrc'), cliConfiguration(mirrors));
      box = sandbox({
        env: {
          SOCLE_TOFU: tofuTool.path!,
          TF_CLI_CONFIG_FILE: join(home, 'tofu.tfrc'),
          TF_PLUGIN_CACHE_DIR: '',
          ...passwordEnv(fake),
          AWS_ACCESS_KEY_ID: s3.accessKey,
          AWS_SECRET_ACCESS_KEY: s3.secretKey,
          AWS_CA_BUNDLE: s3.caFile,
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      });
      writeFileSync(join(box.cwd, 'environments', `${EXAMPLE}.yaml`), text);
      outDir = join(box.cwd, 'out', EXAMPLE);
      box.deps.synth = (env, dir) => void writeSynth(env, dir);
      box.deps.policyGate = evaluatePoliciesGate;
      // Preflight's reachability probe goes to the real S3 server.
      box.deps.probe = (url, timeoutMs) => s3.send({ method: 'GET', url, headers: {} }, timeoutMs);
      result = await box.run(['plan', EXAMPLE]);
    });
    afterAll(async () => {
      await fake?.close();
      await s3?.stop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      if (box) rmSync(box.cwd, { recursive: true, force: true });
    });

    it('exits 0: every stack initialised and planned or waiting, the policy gate passed', () => {
      expect(result.err, result.err).not.toContain('FAILED');
      expect(result.exitCode, `${result.out}\n${result.err}`).toBe(0);
      expect(result.out).toMatch(/network\s+\d+\s+0\s+0\s+0\s+saved plan/);
      expect(result.out).toMatch(/cluster\s+-\s+-\s+-\s+-\s+waits for network/);
      expect(result.out).toMatch(/data\s+\d+\s+0\s+0\s+0\s+saved plan/);
      expect(result.out).toMatch(/backups\s+\d+\s+0\s+0\s+0\s+saved plan/);
    });

    it("the saved plans are the real tofu's, and the manifest records them with their checksums", () => {
      const manifest = JSON.parse(readFileSync(join(outDir, 'plans', 'manifest.json'), 'utf8')) as { stacks: { name: string; sha256?: string; deferredAfter?: string[] }[] };
      expect(manifest.stacks.map((s) => [s.name, s.sha256 !== undefined, s.deferredAfter ?? []])).toEqual([
        ['network', true, []],
        ['cluster', false, ['network']],
        ['data', true, []],
        ['backups', true, []],
      ]);
      const shown = JSON.parse(readFileSync(join(outDir, 'plans', 'network.plan.json'), 'utf8')) as { terraform_version: string; format_version: string };
      expect(`v${shown.terraform_version}`).toBe(tofuTool.version);
      expect(runLogs()).toContain('OpenTofu has been successfully initialized!');
    });

    it('the state backend is the S3 bucket, with no lock left behind', async () => {
      for (const stack of ['network', 'cluster', 'data', 'backups']) {
        const lock = await s3.object('GET', bucket, `socle/${EXAMPLE}/${stack}.tfstate.tflock`);
        expect(lock.status, `${stack} lock`).toBe(404);
      }
      expect(readdirSync(join(outDir, 'terraform', 'network')).filter((f) => f.endsWith('.tfstate'))).toEqual([]);
    });

    it('the cloud saw only authentication and the data sources, and no secret reached the logs', () => {
      expect(fake.unknown()).toEqual([]);
      const logs = runLogs();
      for (const secret of [fake.credentials.password, s3.secretKey]) expect(logs).not.toContain(secret);
    });
  });
});
