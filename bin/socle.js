#!/usr/bin/env node
// Entry point of the `socle` CLI. It runs the compiled JavaScript bundled in dist/bundle/ (`npm run
// build`, which `npm ci` and `npm install` run as `prepare`: docs/start-up.md). When dist/ is missing
// or older than a source (a checkout edited since its last build), it runs the TypeScript sources
// through tsx instead, and says so on stderr: the code that runs is always the code in the
// checkout, fast once built.
import { fileURLToPath } from 'node:url';
import { staleBuild } from './build-layout.js';

// socle never phones home: no HashiCorp checkpoint, no Pulumi update check.
process.env.CHECKPOINT_DISABLE = '1';
process.env.PULUMI_SKIP_UPDATE_CHECK = 'true';

async function loadMain() {
  const stale = staleBuild(fileURLToPath(new URL('..', import.meta.url)));
  if (stale === undefined) return (await import('../dist/bundle/cli.js')).main;
  process.stderr.write(`socle: ${stale}: running the TypeScript sources through tsx (slow start; \`npm run build\` makes it fast)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../scripts/cli.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
