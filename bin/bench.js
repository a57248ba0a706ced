#!/usr/bin/env node
// `npm run bench`: builds the compiled tree if it is missing or stale (the start-up figures are
// those of the CLI users run), then runs the benchmarks from it (scripts/bench/run-bench.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { staleBuild } from './build-layout.js';

process.env.CHECKPOINT_DISABLE = '1';
const root = fileURLToPath(new URL('..', import.meta.url));
if (staleBuild(root) !== undefined && spawnSync(process.execPath, [fileURLToPath(new URL('build.js', import.meta.url))], { stdio: 'inherit' }).status !== 0) process.exit(1);
await import('../dist/scripts/bench/run-bench.js');
