/**
 * The Kubernetes resource provider, cmd/pulumi-resource-kubernetes of the module
 * github.com/pulumi/pulumi-kubernetes/provider/v4 — at the nearest version the Go module proxy
 * serves, not at the one package.json pins for @pulumi/kubernetes: the repository tags its
 * releases v4.x.y at its root, not provider/v4.x.y, so the provider module has no release
 * versions, and the proxy serves it only as the pseudo-version of the v4.25.0 commit. The test
 * rows that run it name both (test/real/pulumi/); what the releases between them changed in the
 * provider is not proven here.
 *
 * Built as the repository's Makefile builds it (target k8sprovider): `go generate` of main.go
 * (its generate.go writes schema-embed.json — schema.json with the version set — and
 * terraform-mapping-embed.json, which main.go embeds and the module archive lacks), then the
 * build with the version ldflag. Its go.mod replaces the SDK module sdk/v4 by ../sdk, the same
 * commit's sibling, published as sdk/v4 v4.25.0.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { buildGoPrograms, goBuildSources } from '../go-build.js';
import { go } from '../go-command.js';
import type { Recipe } from '../recipe.js';

const module = 'github.com/pulumi/pulumi-kubernetes/provider/v4';
const command = 'cmd/pulumi-resource-kubernetes';
/** The only version of the module the proxy serves (2026-12): the commit tagged v4.25.0. */
const builtVersion = 'v4.0.0-20260115033456-f47bc2d6f199';
/** The release that commit is, as the Makefile's VERSION_GENERIC spells it (no `v`). */
const releaseVersion = '4.25.0';

/**
 * Runs the module's own generate.go (its `//go:generate go run ./generate.go`) in the copy's
 * command folder, compiled in the wrapper module, whose build list has what it imports
 * (pulumi/pkg/v3/codegen/schema); `-mod=mod` lets it record that package's module sums.
 */
async function generateEmbeds(copy: string, wrapper: string): Promise<void> {
  const generator = join(wrapper, 'generate-embeds');
  await go(['build', '-mod=mod', '-o', generator, join(copy, command, 'generate.go')], wrapper);
  const run = await execa(generator, [], { cwd: join(copy, command), env: { VERSION: releaseVersion }, extendEnv: false, reject: false, all: true });
  if (run.failed) throw new Error(`generate.go of ${module}: ${(run.all ?? '').trim().split('\n').slice(-4).join(' | ')}`);
}

export const pulumiResourceKubernetes: Recipe = {
  name: 'pulumi-resource-kubernetes',
  version: async () => builtVersion,
  sources: [new URL(import.meta.url), ...goBuildSources],
  async build({ outDir }) {
    const bin = join(outDir, 'bin');
    await buildGoPrograms({
      name: 'pulumi-resource-kubernetes',
      module,
      version: builtVersion,
      programs: [{ package: `${module}/${command}`, binary: 'pulumi-resource-kubernetes' }],
      // The Makefile's ldflag: -X ${PROJECT}/${VERSION_PATH}=${VERSION_GENERIC}; the provider
      // answers GetPluginInfo with it (pkg/provider/serve.go: provider.Serve(name, version.Version, …)).
      ldflags: () => [`-X ${module}/pkg/version.Version=${releaseVersion}`],
      localReplacement: (path) => (path === 'github.com/pulumi/pulumi-kubernetes/sdk/v4' ? `v${releaseVersion}` : undefined),
      generate: generateEmbeds,
      outDir: bin,
    });
  },
  report: (dir, v) => ({ path: join(dir, 'bin', 'pulumi-resource-kubernetes'), version: v }),
};
