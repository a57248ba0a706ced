import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // cdktf and Pulumi must never phone home from a test run.
    env: { CHECKPOINT_DISABLE: '1', PULUMI_SKIP_UPDATE_CHECK: 'true', NO_COLOR: '1' },
    testTimeout: 60_000,
    pool: 'forks',
  },
});
