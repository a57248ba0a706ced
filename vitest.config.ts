import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real programs' suites need `npm run tools` and their own setup: `npm run test:real`
    // (vitest.real.config.ts). Their helpers' own unit tests (plain *.test.ts) run here.
    exclude: [...configDefaults.exclude, 'test/real/**/*.real.test.ts'],
    // Tests that spawn bin/socle.js run the compiled CLI: built first if missing or stale.
    globalSetup: ['test/compiled-tree-setup.ts'],
    // cdktf and Pulumi must never phone home from a test run.
    env: { CHECKPOINT_DISABLE: '1', PULUMI_SKIP_UPDATE_CHECK: 'true', NO_COLOR: '1' },
    testTimeout: 60_000,
    pool: 'forks',
  },
});
