import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real programs' suites run with `npm run test:real` (vitest.real.config.ts) only.
    exclude: [...configDefaults.exclude, 'test/real/**'],
    // cdktf and Pulumi must never phone home from a test run.
    env: { CHECKPOINT_DISABLE: '1', PULUMI_SKIP_UPDATE_CHECK: 'true', NO_COLOR: '1' },
    testTimeout: 60_000,
    pool: 'forks',
  },
});
