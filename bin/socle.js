#!/usr/bin/env node
// Entry point of the `socle` CLI: loads the TypeScript sources through tsx, so that `npx socle`
// works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

// socle never phones home: no HashiCorp checkpoint, no Pulumi update check.
process.env.CHECKPOINT_DISABLE = '1';
process.env.PULUMI_SKIP_UPDATE_CHECK = 'true';

register();
const { main } = await import('../scripts/cli.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
