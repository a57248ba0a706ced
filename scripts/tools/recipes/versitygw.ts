/**
 * Versity's S3 gateway (cmd/versitygw of github.com/versity/versitygw v1.8.0, the newest release
 * the Go module proxy serves): the S3 server the real suites run rclone, socle's SigV4 requests and
 * OpenTofu's S3 backend against, because it verifies every request's SigV4 signature
 * (internal/sigv4auth, test/real/fakes/s3/s3-server.ts). Its go.mod has no replace directives.
 */
import { join } from 'node:path';
import { buildGoPrograms, goBuildSources } from '../go-build.js';
import type { Recipe } from '../recipe.js';
import { expectVersionOutput } from '../verify-version.js';

const version = 'v1.8.0';

export const versitygw: Recipe = {
  name: 'versitygw',
  version: async () => version,
  sources: [new URL(import.meta.url), ...goBuildSources],
  async build({ outDir }) {
    const bin = join(outDir, 'bin');
    await buildGoPrograms({
      name: 'versitygw',
      module: 'github.com/versity/versitygw',
      version,
      programs: [{ package: 'github.com/versity/versitygw/cmd/versitygw', binary: 'versitygw' }],
      // The Makefile@v1.8.0 sets main.Version/Build/BuildTime; a module archive has no commit for Build.
      ldflags: (releaseTime) => [`-X main.Version=${version}`, `-X main.BuildTime=${releaseTime}`],
      outDir: bin,
    });
    await expectVersionOutput(join(bin, 'versitygw'), ['--version'], `Version  : ${version}`);
  },
  report: (dir, v) => ({ path: join(dir, 'bin', 'versitygw'), version: v }),
};
