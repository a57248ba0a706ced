import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmPinnedVersion } from '../../scripts/tools/npm-pin.js';

async function repoWith(dependencies: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'socle-pkg-'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ dependencies }));
  return dir;
}

describe('the Pulumi versions come from package.json', () => {
  it('reads this repository’s exact pin as a Go module version', async () => {
    expect(await npmPinnedVersion('.', '@pulumi/pulumi')).toMatch(/^v3\.\d+\.\d+$/);
  });

  it('refuses a range, saying which field and how to fix it', async () => {
    await expect(npmPinnedVersion(await repoWith({ '@pulumi/pulumi': '^3.248.0' }), '@pulumi/pulumi')).rejects.toThrow(
      'package.json: dependencies["@pulumi/pulumi"] is "^3.248.0"; pin an exact version (npm install --save-exact @pulumi/pulumi@X.Y.Z)',
    );
  });

  it('refuses an absent dependency', async () => {
    await expect(npmPinnedVersion(await repoWith({}), '@pulumi/kubernetes')).rejects.toThrow(/"@pulumi\/kubernetes"\] is absent/);
  });
});
