import { defineConfig } from 'vitest/config';

// `npm run test:real`: the suites that run socle's output in the real programs (built by
// `npm run tools`, or installed from Debian/PyPI). Kept apart from `npm test`, which needs none of them.
export default defineConfig({
  test: {
    // `*.program.test.ts` run a Debian-installed program on socle's configuration; they also run in
    // `npm test` (skipped there when the program is absent) and get their row here.
    include: ['test/real/**/*.real.test.ts', 'test/**/*.program.test.ts'],
    env: { CHECKPOINT_DISABLE: '1', PULUMI_SKIP_UPDATE_CHECK: 'true', NO_COLOR: '1' },
    globalSetup: ['test/real/harness/global-setup.ts'],
    reporters: ['default', './test/real/harness/real-tools-reporter.ts'],
    // Real servers (an API server, databases) are heavy on 2 cores: one suite file at a time.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
