/**
 * `socle synth --out DIR` owns only what it wrote (hostile-inputs review D7, D8, D11): a folder
 * holding anything else is refused untouched, Terraform state and the other commands' working
 * files survive every synth, and a target it can't use is a plain message with a fix.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { writeOutputFolder } from '../../scripts/synth-output.js';
import { captureIo, STACK_FRAME } from './capture-io.js';

const scratch = mkdtempSync(join(tmpdir(), 'socle-synth-out-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function synth(args: string[], cwd = scratch): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd });
  const code = await main(['synth', 'pilot', '--quiet', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function refusedPlainly(result: { code: number; err: string }, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.err).toMatch(message);
  expect(result.err).not.toContain('internal error');
  expect(result.err).not.toMatch(STACK_FRAME);
}

describe('synth --out refuses a folder socle did not write', () => {
  it('leaves a folder of someone else’s files exactly as it was (D7)', async () => {
    const out = join(scratch, 'theirs');
    mkdirSync(join(out, 'manifests'), { recursive: true });
    mkdirSync(join(out, 'terraform', 'network'), { recursive: true });
    writeFileSync(join(out, 'environment.json'), '{"mine":true}');
    writeFileSync(join(out, 'manifests', 'app.yaml'), 'kind: ConfigMap\n');
    writeFileSync(join(out, 'terraform', 'network', 'main.tf'), '# hand-written\n');
    const result = await synth(['--out', out]);
    refusedPlainly(result, /holds files and no \.socle-output marker: socle synth did not write it \(environment\.json, manifests\/app\.yaml, terraform\/network\/main\.tf\); .*choose an empty folder with --out/);
    expect(readFileSync(join(out, 'environment.json'), 'utf8')).toBe('{"mine":true}');
    expect(readFileSync(join(out, 'manifests', 'app.yaml'), 'utf8')).toBe('kind: ConfigMap\n');
    expect(readdirSync(out).sort()).toEqual(['environment.json', 'manifests', 'terraform']);
  });

  it('refuses `--out .` in a project folder', async () => {
    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'README.md'), '# my notes\n');
    refusedPlainly(await synth(['--out', '.'], project), /project holds files and no \.socle-output marker.*README\.md/);
    expect(readdirSync(project)).toEqual(['README.md']);
  });

  it('refuses a file added beside socle’s own output, and keeps it', async () => {
    const out = join(scratch, 'added');
    expect((await synth(['--out', out])).code).toBe(0);
    writeFileSync(join(out, 'manifests', 'extra.yaml'), 'kind: Pod\n');
    refusedPlainly(await synth(['--out', out]), /added holds files socle synth did not write \(manifests\/extra\.yaml\)/);
    expect(readFileSync(join(out, 'manifests', 'extra.yaml'), 'utf8')).toBe('kind: Pod\n');
  });

  it('refuses an artifact replaced by a file of someone else', async () => {
    const out = join(scratch, 'replaced');
    expect((await synth(['--out', out])).code).toBe(0);
    rmSync(join(out, 'sizing.json'));
    writeFileSync(join(out, 'sizing.json'), '{}');
    refusedPlainly(await synth(['--out', out]), /did not write \(sizing\.json\)/);
    expect(readFileSync(join(out, 'sizing.json'), 'utf8')).toBe('{}');
  });

  it('refuses the root folder, a file, a path under a file, and a symbolic link (D7, D8)', async () => {
    refusedPlainly(await synth(['--out', '/']), /refusing to write into the root folder \/: choose a folder of its own with --out/);
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    refusedPlainly(await synth(['--out', file]), /a-file is a file, not a folder: choose a folder with --out/);
    refusedPlainly(await synth(['--out', join(file, 'below')]), /can't write the output folder .*a-file\/below: a part of the path is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('x');
    const link = join(scratch, 'a-link');
    symlinkSync(join(scratch, 'project'), link);
    refusedPlainly(await synth(['--out', link]), /a-link is a symbolic link: give the folder it points to with --out/);
  });

  it('says why it can’t write where the file system refuses (D8)', () => {
    // sysfs refuses mkdir even to root; /proc answers ENOENT forever (Node's recursive mkdir loops on it).
    const tiny = new Map([['environment.json', '{}']]);
    expect(() => writeOutputFolder('/sys/socle-out', tiny)).toThrow(/can't write the output folder \/sys\/socle-out: operation not permitted: choose a folder you can write with --out/);
    expect(() => writeOutputFolder('/proc/socle-out/x', tiny)).toThrow(/can't write the output folder \/proc\/socle-out\/x: ENOENT/);
  });

  it.skipIf(process.getuid?.() === 0)('says so for a read-only folder (D8)', () => {
    const folder = join(scratch, 'read-only');
    mkdirSync(folder);
    chmodSync(folder, 0o555);
    expect(() => writeOutputFolder(folder, new Map([['environment.json', '{}']]))).toThrow(/permission denied: choose a folder you can write with --out/);
  });
});

describe('synth --out keeps what other commands wrote beside the artifacts', () => {
  it('keeps Terraform state, provider caches and lock files in the stack folders, and logs/plans/pulumi-state (D11)', async () => {
    const out = join(scratch, 'stateful');
    expect((await synth(['--out', out])).code).toBe(0);
    const kept: [string, string][] = [
      ['terraform/data/terraform.tfstate', '{"serial":7}'],
      ['terraform/data/terraform.tfstate.backup', '{"serial":6}'],
      ['terraform/data/.terraform.lock.hcl', '# lock'],
      ['terraform/data/.terraform/providers/p', 'binary'],
      ['logs/2026-12-01-plan.log', 'log'],
      ['plans/data.tfplan', 'plan'],
      ['pulumi-state/.pulumi/stacks/x.json', '{}'],
      ['kubeconfig', 'apiVersion: v1'],
    ];
    for (const [path, content] of kept) {
      mkdirSync(join(out, path, '..'), { recursive: true });
      writeFileSync(join(out, path), content);
    }
    // Twice: once with the same artifacts, once with others (a bigger environment, more stacks' content changes).
    expect((await synth(['--out', out])).code).toBe(0);
    const io = captureIo({ cwd: scratch });
    expect(await main(['synth', 'metropole-9000', '--quiet', '--out', out], io)).toBe(0);
    for (const [path, content] of kept) expect(readFileSync(join(out, path), 'utf8'), path).toBe(content);
    expect(JSON.parse(readFileSync(join(out, 'environment.json'), 'utf8')).name).toBe('metropole-9000');
  });

  it('keeps the state of a stack the new output no longer has, and drops only that stack’s artifact', () => {
    const out = join(scratch, 'stack-gone');
    writeOutputFolder(out, new Map([['environment.json', '{}'], ['terraform/a/cdk.tf.json', '{}'], ['terraform/b/cdk.tf.json', '{}']]));
    writeFileSync(join(out, 'terraform', 'b', 'terraform.tfstate'), 'state of b');
    writeOutputFolder(out, new Map([['environment.json', '{}'], ['terraform/a/cdk.tf.json', '{}']]));
    expect(existsSync(join(out, 'terraform', 'b', 'cdk.tf.json'))).toBe(false);
    expect(readFileSync(join(out, 'terraform', 'b', 'terraform.tfstate'), 'utf8')).toBe('state of b');
    expect(JSON.parse(readFileSync(join(out, '.socle-output'), 'utf8')).files).toEqual(['environment.json', 'terraform/a/cdk.tf.json']);
  });

  it('Terraform itself reads the stack through the artifact link, and its state survives the next synth', () => {
    const out = join(scratch, 'real-terraform');
    const config = (input: string) => JSON.stringify({ resource: { terraform_data: { marker: { input } } } });
    writeOutputFolder(out, new Map([['terraform/demo/cdk.tf.json', config('first')]]));
    const stack = join(out, 'terraform', 'demo');
    const terraform = (...args: string[]) => spawnSync('terraform', args, { cwd: stack, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' } });
    expect(terraform('init', '-input=false', '-no-color').status).toBe(0);
    expect(terraform('apply', '-auto-approve', '-input=false', '-no-color').status).toBe(0);
    const state = readFileSync(join(stack, 'terraform.tfstate'), 'utf8');
    writeOutputFolder(out, new Map([['terraform/demo/cdk.tf.json', config('second')]]));
    expect(readFileSync(join(stack, 'terraform.tfstate'), 'utf8')).toBe(state);
    const plan = terraform('plan', '-input=false', '-no-color', '-detailed-exitcode');
    // Exit 2: a change, i.e. Terraform still knows the resource (state kept) and sees the new input through the link.
    expect(plan.status, plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/terraform_data\.marker must be replaced|terraform_data\.marker will be updated in-place/);
    expect(plan.stdout).toContain('"second"');
  });
});
