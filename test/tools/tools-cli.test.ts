import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeGoPath, pathWithoutGo } from './fake-go.js';

const toolNames = ['tofu', 'terraform-provider-openstack', 'versitygw', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'crds', 'barman-cloud-crds', 'cnpg-manager', 'pulumi', 'pulumi-language-nodejs', 'pulumi-resource-kubernetes'];

let fakeGo: string;
beforeAll(async () => {
  fakeGo = await fakeGoPath();
});

async function tools(args: string[], path: string) {
  const cache = await mkdtemp(join(tmpdir(), 'socle-tools-cache-'));
  return execa(process.execPath, ['--import', 'tsx', 'scripts/tools/tools.ts', ...args], { env: { PATH: path, SOCLE_TOOLS_CACHE: cache, HOME: cache }, extendEnv: false, reject: false });
}

describe('npm run tools -- --json (the contract test:real reads)', () => {
  it('prints one JSON object on its last line with every tool, each built or missing with a reason', async () => {
    const r = await tools(['--json', '--no-build'], fakeGo);
    expect(r.exitCode).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, Record<string, unknown>>;
    expect(Object.keys(last)).toEqual(toolNames);
    for (const entry of Object.values(last)) expect(entry).toEqual({ missing: expect.stringMatching(/^not built: no cache entry /) });
    expect(r.stderr).toMatch(/MISSING tofu: not built/);
  });

  it('runs on a machine without Go: every tool missing, saying why', async () => {
    const r = await tools(['--json', '--no-build', '--only', 'tofu,etcd'], pathWithoutGo());
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toEqual({
      tofu: { missing: 'not built: go version: go not found on PATH (install Go 1.26)' },
      etcd: { missing: 'not built: go version: go not found on PATH (install Go 1.26)' },
    });
  });

  it.each([
    [['--only', 'tofu,helm'], /--only: no tool named helm; the tools are tofu, terraform-provider-openstack/],
    [['--budget-seconds', 'soon'], /--budget-seconds .* is "soon": give a whole number of seconds/],
    [['--fast'], /Unknown option '--fast'/],
  ])('rejects %j with the fix and the usage, exit 2, no stack trace', async (args, message) => {
    const r = await tools(args, fakeGo);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^usage: npm run tools/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
