#!/usr/bin/env node
// `npm run bench`: prints timings (median of several runs) for the main jobs.
import { register } from 'tsx/esm/api';

process.env.CHECKPOINT_DISABLE = '1';
register();
await import('../scripts/bench/run-bench.ts');
