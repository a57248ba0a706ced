import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Recipe } from '../../scripts/tools/recipe.js';
import { coldBuildSeconds, recipes } from '../../scripts/tools/recipes/index.js';
import { runTools, type RunOptions } from '../../scripts/tools/run-tools.js';
import { fakeGoPath, pathWithoutGo } from './fake-go.js';

let fakeGo: string;
let recipeFile: URL;
beforeAll(async () => {
  fakeGo = await fakeGoPath();
  const dir = await mkdtemp(join(tmpdir(), 'socle-recipes-'));
  await writeFile(join(dir, 'recipe.ts'), '// a recipe\n');
  recipeFile = pathToFileURL(join(dir, 'recipe.ts'));
});

/** Planned build seconds of the fake recipes. */
const estimates: Record<string, number> = {};

/** A recipe that "builds" one executable instantly and counts its builds; `clock` advances by its estimate. */
function fakeRecipe(name: string, estimateSeconds: number, clock: { now: number }, fail = false): Recipe & { builds: number } {
  estimates[name] = estimateSeconds;
  const r = {
    name,
    builds: 0,
    version: async () => 'v1.0.0',
    sources: [recipeFile],
    async build({ outDir }: { outDir: string }) {
      r.builds += 1;
      clock.now += estimateSeconds;
      if (fail) throw new Error('go build: compile error in main.go');
      await mkdir(join(outDir, 'bin'), { recursive: true });
      await writeFile(join(outDir, 'bin', name), '#!/bin/sh\n');
      await chmod(join(outDir, 'bin', name), 0o755);
    },
    report: (dir: string, version: string) => ({ path: join(dir, 'bin', name), version }),
  };
  return r;
}

async function options(recipeList: Recipe[], clock: { now: number }, more: Partial<RunOptions> = {}): Promise<RunOptions> {
  const cache = await mkdtemp(join(tmpdir(), 'socle-tools-cache-'));
  return { recipes: recipeList, repoRoot: '.', env: { SOCLE_TOOLS_CACHE: cache }, noBuild: false, estimates, lockWaitSeconds: 0, log: () => {}, clock: () => clock.now, ...more };
}

function withPath<T>(path: string, f: () => Promise<T>): Promise<T> {
  const saved = process.env['PATH'];
  process.env['PATH'] = path;
  return f().finally(() => {
    process.env['PATH'] = saved;
  });
}

describe('npm run tools', () => {
  it('builds in order of value: OpenTofu and its provider, the S3 server, the control plane, what runs in it, then Pulumi', () => {
    expect(recipes.map((r) => r.name)).toEqual([
      'tofu',
      'terraform-provider-openstack',
      'versitygw',
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kubectl',
      'crds',
      'barman-cloud-crds',
      'cnpg-manager',
      'pulumi',
      'pulumi-language-nodejs',
      'pulumi-resource-kubernetes',
    ]);
  });

  it('plans every tool with a measured cold build time', () => {
    expect(Object.keys(coldBuildSeconds).sort()).toEqual(recipes.map((r) => r.name).sort());
  });

  it('starts no build that its estimate would end past the budget, and says so', async () => {
    const clock = { now: 0 };
    const [a, b, c, d] = [fakeRecipe('a', 100, clock), fakeRecipe('b', 100, clock), fakeRecipe('c', 50, clock), fakeRecipe('d', 10, clock)];
    const reports = await withPath(fakeGo, async () => runTools(await options([a, b, c, d], clock, { budgetSeconds: 220 })));
    expect([a.builds, b.builds, c.builds]).toEqual([1, 1, 0]);
    expect(reports['c']).toEqual({ missing: 'not built: time budget of 220 s reached' });
    // A cheaper tool further down still fits: 200 s used + 10 s.
    expect(d.builds).toBe(1);
    expect(reports['a']).toMatchObject({ version: 'v1.0.0' });
  });

  it('writes go version -m beside each binary, then finds the entry without building again', async () => {
    const clock = { now: 0 };
    const a = fakeRecipe('a', 1, clock);
    const o = await options([a], clock);
    const first = await withPath(fakeGo, () => runTools(o));
    const path = (first['a'] as { path: string }).path;
    expect(await readFile(`${path}.go-version-m.txt`, 'utf8')).toBe('bin/a: go1.99.0\n\tpath\tfake.example/cmd\n');
    const second = await withPath(fakeGo, () => runTools(o));
    expect(second).toEqual(first);
    expect(a.builds).toBe(1);
  });

  it('rebuilds when the go version changes, the key being part of the entry', async () => {
    const clock = { now: 0 };
    const a = fakeRecipe('a', 1, clock);
    const o = await options([a], clock);
    await withPath(fakeGo, () => runTools(o));
    process.env['FAKE_GO_VERSION'] = 'go version go1.99.1 linux/amd64';
    try {
      await withPath(fakeGo, () => runTools(o));
    } finally {
      delete process.env['FAKE_GO_VERSION'];
    }
    expect(a.builds).toBe(2);
  });

  it('with --no-build reports what the cache lacks and builds nothing', async () => {
    const clock = { now: 0 };
    const a = fakeRecipe('a', 1, clock);
    const reports = await withPath(fakeGo, async () => runTools(await options([a], clock, { noBuild: true })));
    expect(a.builds).toBe(0);
    expect((reports['a'] as { missing: string }).missing).toMatch(/^not built: no cache entry .*run `npm run tools`/);
  });

  it('records a failed build as missing with its reason and goes on with the next tool', async () => {
    const clock = { now: 0 };
    const [bad, good] = [fakeRecipe('bad', 1, clock, true), fakeRecipe('good', 1, clock)];
    const reports = await withPath(fakeGo, async () => runTools(await options([bad, good], clock)));
    expect(reports['bad']).toEqual({ missing: 'build failed: go build: compile error in main.go' });
    expect(reports['good']).toMatchObject({ version: 'v1.0.0' });
  });

  it('with --no-build still gives the reason of the last failed build', async () => {
    const clock = { now: 0 };
    const bad = fakeRecipe('bad', 1, clock, true);
    const o = await options([bad], clock);
    await withPath(fakeGo, () => runTools(o));
    const reports = await withPath(fakeGo, () => runTools({ ...o, noBuild: true }));
    expect(reports['bad']).toEqual({ missing: 'build failed: go build: compile error in main.go' });
    expect(bad.builds).toBe(1);
  });

  it('without Go on PATH, reports every tool missing for that reason', async () => {
    const clock = { now: 0 };
    const reports = await withPath(pathWithoutGo(), async () => runTools(await options([fakeRecipe('a', 1, clock)], clock)));
    expect(reports['a']).toEqual({ missing: 'not built: go version: go not found on PATH (install Go 1.26)' });
  });
});
