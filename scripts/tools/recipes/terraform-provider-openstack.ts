/**
 * terraform-provider-openstack at the version stacks/ generates for (v3.4.0), laid out as an
 * OpenTofu filesystem mirror: <hostname>/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>
 * (OpenTofu docs, CLI configuration, "filesystem_mirror", unpacked layout). Both registry hostnames,
 * since a configuration may name the provider either way.
 */
import { link, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildGoPrograms, goBuildSources } from '../go-build.js';
import { go } from '../go-command.js';
import type { Recipe } from '../recipe.js';

const version = 'v3.4.0';
const module = 'github.com/terraform-provider-openstack/terraform-provider-openstack/v3';
const hostnames = ['registry.opentofu.org', 'registry.terraform.io'];

export const terraformProviderOpenstack: Recipe = {
  name: 'terraform-provider-openstack',
  version: async () => version,
  estimateSeconds: 240,
  sources: [new URL(import.meta.url), ...goBuildSources],
  async build({ outDir }) {
    const bin = join(outDir, 'bin');
    const binary = `terraform-provider-openstack_${version}`;
    await buildGoPrograms({ name: 'terraform-provider-openstack', module, version, programs: [{ package: module, binary }], ldflags: () => [], outDir: bin });
    const platform = (await go(['env', 'GOOS', 'GOARCH'], outDir)).trim().split('\n').join('_');
    for (const host of hostnames) {
      const dir = join(outDir, 'mirror', host, 'terraform-provider-openstack', 'openstack', version.slice(1), platform);
      await mkdir(dir, { recursive: true });
      await link(join(bin, binary), join(dir, binary));
    }
  },
  report: (dir, v) => ({ mirror: join(dir, 'mirror'), version: v }),
};
