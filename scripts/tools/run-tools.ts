/**
 * `npm run tools`: for each recipe in order of value, the cache entry if one is complete, else a
 * build (unless --no-build, or the time budget would be exceeded), else the reason it is missing.
 * One failed build never stops the others: each tool's entry says what happened to it.
 */
import { rm } from 'node:fs/promises';
import { cacheKey, recipeHash } from './cache-key.js';
import { cacheRoot, commitEntry, entryDir, isComplete, stagingDir } from './cache.js';
import { acquireLock } from './cache-lock.js';
import { goVersion } from './go-command.js';
import type { Recipe } from './recipe.js';
import type { ToolReport } from './tool-report.js';

export interface RunOptions {
  recipes: Recipe[];
  repoRoot: string;
  env: NodeJS.ProcessEnv;
  noBuild: boolean;
  /** Stop starting builds whose estimate would end past this many seconds since the start. */
  budgetSeconds?: number;
  lockWaitSeconds: number;
  log(line: string): void;
  /** Seconds since some origin; a parameter so the budget logic is testable without waiting. */
  clock?: () => number;
}

export async function runTools(o: RunOptions): Promise<Record<string, ToolReport>> {
  const clock = o.clock ?? (() => performance.now() / 1000);
  const start = clock();
  const root = cacheRoot(o.env);
  const reports: Record<string, ToolReport> = {};
  let go: string;
  try {
    go = await goVersion();
  } catch (e) {
    for (const r of o.recipes) reports[r.name] = { missing: `not built: ${(e as Error).message}` };
    return reports;
  }
  let release: (() => Promise<void>) | undefined;
  try {
    for (const recipe of o.recipes) {
      let version: string;
      try {
        version = await recipe.version(o.repoRoot);
      } catch (e) {
        reports[recipe.name] = { missing: `no version: ${(e as Error).message}` };
        continue;
      }
      const key = cacheKey({ tool: recipe.name, version, goVersion: go, recipeHash: await recipeHash(recipe.sources) });
      const dir = entryDir(root, recipe.name, version, key);
      if (await isComplete(dir)) {
        reports[recipe.name] = recipe.report(dir, version);
        continue;
      }
      if (o.noBuild) {
        reports[recipe.name] = { missing: `not built: no cache entry ${dir} (run \`npm run tools\`)` };
        continue;
      }
      const elapsed = clock() - start;
      if (o.budgetSeconds !== undefined && elapsed + recipe.estimateSeconds > o.budgetSeconds) {
        o.log(`tools: ${recipe.name} ${version}: skipped, ~${recipe.estimateSeconds} s would pass the budget of ${o.budgetSeconds} s (${Math.round(elapsed)} s used)`);
        reports[recipe.name] = { missing: `not built: time budget of ${o.budgetSeconds} s reached` };
        continue;
      }
      release ??= await acquireLock(root, { waitSeconds: o.lockWaitSeconds, log: o.log });
      // Another builder may have finished it while this one waited for the lock.
      reports[recipe.name] = (await isComplete(dir)) ? recipe.report(dir, version) : await build(recipe, version, key, go, dir, root, o, clock);
    }
  } finally {
    await release?.();
  }
  return reports;
}

/** Builds one tool into the cache; resolves to its report, a missing one when the build fails. */
async function build(recipe: Recipe, version: string, key: string, go: string, dir: string, root: string, o: RunOptions, clock: () => number): Promise<ToolReport> {
  const t0 = clock();
  o.log(`tools: ${recipe.name} ${version}: building (cold: about ${Math.round(recipe.estimateSeconds / 60)} min on 2 cores)`);
  const staging = await stagingDir(root, recipe.name);
  try {
    await recipe.build({ repoRoot: o.repoRoot, outDir: staging, log: o.log });
    const buildSeconds = Math.round(clock() - t0);
    await commitEntry(staging, dir, { tool: recipe.name, version, goVersion: go, key, buildSeconds });
    o.log(`tools: ${recipe.name} ${version}: built in ${buildSeconds} s → ${dir}`);
    return recipe.report(dir, version);
  } catch (e) {
    const reason = (e as Error).message;
    o.log(`tools: ${recipe.name} ${version}: FAILED: ${reason}`);
    await rm(staging, { recursive: true, force: true });
    return { missing: `build failed: ${reason}` };
  }
}
