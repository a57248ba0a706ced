/** `npm run tools`: see tools-options.ts for the command line and docs/real-tools.md for what it builds. */
import { fileURLToPath } from 'node:url';
import { LockHeldError } from './cache-lock.js';
import { recipes } from './recipes/index.js';
import { runTools } from './run-tools.js';
import { isMissing, type ToolReport } from './tool-report.js';
import { parseToolsOptions, usage, UsageError } from './tools-options.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<number> {
  let options;
  try {
    options = parseToolsOptions(process.argv.slice(2), process.env, recipes.map((r) => r.name));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`tools: ${e.message}\n${usage}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const selected = options.only ? recipes.filter((r) => options.only!.includes(r.name)) : recipes;
  let reports: Record<string, ToolReport>;
  try {
    reports = await runTools({
      recipes: selected,
      repoRoot,
      env: process.env,
      noBuild: options.noBuild,
      budgetSeconds: options.budgetSeconds,
      lockWaitSeconds: Number(process.env['SOCLE_TOOLS_LOCK_WAIT_SECONDS'] || 3600),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (e) {
    if (!(e instanceof LockHeldError)) throw e;
    process.stderr.write(`tools: ${e.message}\n`);
    return 1;
  }
  // The summary is the output, unless --json makes the JSON line the output.
  const summary = options.json ? process.stderr : process.stdout;
  for (const [name, r] of Object.entries(reports)) {
    summary.write(`${isMissing(r) ? 'MISSING' : 'ok     '} ${name}: ${isMissing(r) ? r.missing : Object.values(r).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('  ')}\n`);
  }
  if (options.json) process.stdout.write(`${JSON.stringify(reports)}\n`);
  return 0;
}

process.exitCode = await main();
