/**
 * The S3 state backend in the real tofu, against a real S3-compatible server (versitygw) on 127.0.0.1
 * over HTTPS: `tofu init` with the flags `socle plan` passes (`backendConfigArgs`), the lock file
 * (`use_lockfile`) really held in the bucket, and the cluster stack reading the network's outputs
 * from it (`terraform_remote_state`). The Magnum test fixture: its cluster stack needs no provider
 * beyond OpenStack, nor the RKE2 bootstrap variable, so the cross-stack read runs with the
 * providers the mirror has.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../../environments/environment.js';
import { parseEnvironment } from '../../../environments/load-environment.js';
import { isToolProblem, resolveTool, type ResolvedTool } from '../../../scripts/operate/tools/resolve-tools.js';
import { ensureBucket } from '../../../scripts/operate/cloud/s3-buckets.js';
import { backendConfigArgs } from '../../../scripts/operate/tools/terraform-backend.js';
import { writeSynth } from '../../../scripts/synth-pipeline.js';
import { environmentFile, MAGNUM_FIXTURE } from '../../charts/examples.js';
import { CLOUDFERRO_INVENTORY } from '../fakes/openstack/cloud-inventory.js';
import { startFakeOpenStack, type FakeOpenStack } from '../fakes/openstack/openstack-fake.js';
import { s3ServerAvailability, startS3Server, type S3Server } from '../fakes/s3/s3-server.js';
import { describeProgram } from '../harness/program-suite.js';
import { appliedState } from './local-state.js';
import { mirrors, needing, passwordEnv, providerTool, tofuTool, tofuVersion } from './tofu-tools.js';
import { failure, stackDocument, tofuWorkspace, type TofuWorkspace } from './tofu-workspace.js';

const EXAMPLE = MAGNUM_FIXTURE;
const availability = needing(tofuTool, ['terraform-provider-openstack', providerTool]);
const s3Server = s3ServerAvailability();

describeProgram('tofu', needing(availability, ['versitygw (the S3 server, npm run tools)', s3Server]), () => {
  describe(`S3 state backend with the lock file (${EXAMPLE}, versitygw ${s3Server.version ?? ''} over HTTPS)`, () => {
    let scratch = '';
    let s3: S3Server;
    let fake: FakeOpenStack;
    let environment: Environment;
    let outDir = '';
    let workspace: TofuWorkspace;
    let tofu: ResolvedTool;
    const stackDir = (stack: string) => join(outDir, 'terraform', stack);
    const stateKey = (stack: string) => `${environment.state.terraform!.keyPrefix}${stack}.tfstate`;
    const bucket = () => environment.state.terraform!.bucket;
    const env = () => ({ ...passwordEnv(fake), AWS_ACCESS_KEY_ID: s3.accessKey, AWS_SECRET_ACCESS_KEY: s3.secretKey, AWS_CA_BUNDLE: s3.caFile, AWS_EC2_METADATA_DISABLED: 'true' });
    const plan = (stack: string, ...extra: string[]) => workspace.run(stackDir(stack), ['plan', '-input=false', '-no-color', '-detailed-exitcode', ...extra], env());

    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'socle-real-s3-'));
      const file = environmentFile(EXAMPLE);
      const text = readFileSync(file, 'utf8');
      s3 = await startS3Server(scratch, { region: parseEnvironment(text, file).state.terraform!.region });
      // The example with its state endpoint moved to the local server; everything else as shipped.
      const moved = text.replace(/(\n {4}endpoint: )https:\/\/[^\s]+/, `$1${s3.endpoint}`);
      expect(moved).not.toBe(text);
      environment = parseEnvironment(moved, file);
      expect(environment.state.terraform?.endpoint).toBe(s3.endpoint);
      // The state bucket made the way socle makes buckets (scripts/operate/cloud/s3-buckets.ts).
      expect(await ensureBucket(s3.send, { endpoint: s3.endpoint, region: environment.state.terraform!.region, accessKey: s3.accessKey, secretKey: s3.secretKey }, bucket(), () => new Date())).toBe('made');
      outDir = join(scratch, EXAMPLE);
      writeSynth(environment, outDir, new Date('2026-12-01T00:00:00Z'));
      fake = await startFakeOpenStack({ regions: [environment.cloud.region, ...(environment.backups?.region ? [environment.backups.region] : [])], inventory: CLOUDFERRO_INVENTORY });
      workspace = tofuWorkspace(tofuTool.path!, join(scratch, 'home'), mirrors, {});
      const resolved = await resolveTool('tofu', { PATH: process.env['PATH'], SOCLE_TOFU: tofuTool.path! }, scratch);
      if (isToolProblem(resolved)) throw new Error(`socle does not accept this tofu: ${resolved.message}`);
      tofu = resolved;
    });
    afterAll(async () => {
      await fake?.close();
      await s3?.stop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it('network: tofu init with the flags socle passes configures the S3 backend, lock file on', async () => {
      const args = backendConfigArgs(environment, 'network', tofu.version);
      expect(args).toContain('-backend-config=use_lockfile=true');
      const init = await workspace.run(stackDir('network'), ['init', '-input=false', '-no-color', ...args], env());
      expect(init.exitCode, failure('tofu init', init)).toBe(0);
      expect(init.stdout).toContain('Successfully configured the backend "s3"!');
    });

    it('network: tofu plan takes the lock file in the bucket and leaves no lock behind', async () => {
      const result = await plan('network');
      expect(result.exitCode, failure('tofu plan', result)).toBe(2);
      expect(fake.unknown()).toEqual([]);
      expect((await s3.object('GET', bucket(), `${stateKey('network')}.tflock`)).status).toBe(404);
    });

    it('network: a lock file held by another run stops tofu plan (If-None-Match: * on <key>.tflock)', async () => {
      const lock = JSON.stringify({ ID: '5e0c1a2b-0000-4000-8000-000000000001', Operation: 'OperationTypeApply', Info: '', Who: 'colleague@bastion', Version: tofuVersion(), Created: '2026-12-01T00:00:00Z', Path: `${bucket()}/${stateKey('network')}` });
      expect((await s3.object('PUT', bucket(), `${stateKey('network')}.tflock`, lock)).status).toBe(200);
      const held = await plan('network', '-lock-timeout=0s');
      expect(held.exitCode).toBe(1);
      expect(held.stderr).toContain('Error acquiring the state lock');
      expect(held.stderr).toContain('colleague@bastion');
      expect((await s3.object('DELETE', bucket(), `${stateKey('network')}.tflock`)).status).toBe(204);
      const again = await plan('network', '-lock-timeout=0s');
      expect(again.exitCode, failure('tofu plan after the lock is released', again)).toBe(2);
    });

    it('network: a tampered secret key is refused by the server (SignatureDoesNotMatch), so tofu init fails', async () => {
      const tampered = { ...env(), AWS_SECRET_ACCESS_KEY: `${s3.secretKey.slice(0, -1)}${s3.secretKey.endsWith('x') ? 'y' : 'x'}` };
      const init = await workspace.run(stackDir('network'), ['init', '-input=false', '-no-color', '-reconfigure', ...backendConfigArgs(environment, 'network', tofu.version)], tampered);
      expect(init.exitCode).toBe(1);
      expect(init.stderr).toContain('SignatureDoesNotMatch');
    });

    it("cluster: tofu plan reads the network's outputs from the bucket (terraform_remote_state over S3)", async () => {
      expect((await s3.object('PUT', bucket(), stateKey('network'), await appliedState(workspace, stackDocument(stackDir('network'))))).status).toBe(200);
      const init = await workspace.run(stackDir('cluster'), ['init', '-input=false', '-no-color', ...backendConfigArgs(environment, 'cluster', tofu.version)], env());
      expect(init.exitCode, failure('tofu init', init)).toBe(0);
      fake.reset();
      const result = await plan('cluster');
      expect(result.exitCode, failure('tofu plan', result)).toBe(2);
      expect(fake.unknown()).toEqual([]);
    });
  });
});
