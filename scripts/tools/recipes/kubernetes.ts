/**
 * The recipes of kube-apiserver, kube-controller-manager and kubectl, from k8s.io/kubernetes v1.36.3, the newest
 * release of the clusters' minor (1.36) that the proxy serves. Its go.mod requires every k8s.io
 * staging module at v0.0.0 and replaces it by ./staging/src/k8s.io/<name>; each is published as
 * k8s.io/<name> v0.<minor>.<patch>, which the wrapper uses instead.
 */
import { join } from 'node:path';
import { buildGoPrograms, goBuildSources } from '../go-build.js';
import type { Recipe } from '../recipe.js';
import { expectVersionOutput } from '../verify-version.js';

const kubernetesVersion = 'v1.36.3';
const [, major, minor, patch] = /^v(\d+)\.(\d+)\.(\d+)$/.exec(kubernetesVersion)!;

/**
 * The version variables hack/lib/version.sh (kube::version::ldflags, k8s.io/kubernetes@v1.36.3)
 * sets, in both packages it sets them in, so /version and --version report the release. A module
 * archive has no commit: gitCommit stays empty and the tree state is "archive", the state
 * version.sh uses for a build from a source archive; the build date is the release's commit time.
 */
function versionLdflags(releaseTime: string): string[] {
  const vars: Record<string, string> = { gitVersion: kubernetesVersion, gitMajor: major!, gitMinor: minor!, gitTreeState: 'archive', buildDate: releaseTime.replace(/\.\d+Z$/, 'Z') };
  return ['k8s.io/client-go/pkg/version', 'k8s.io/component-base/version'].flatMap((pkg) => Object.entries(vars).map(([k, v]) => `-X ${pkg}.${k}=${v}`));
}

/** How a command prints its version: the servers take `--version`; kubectl has `version --client` only. */
interface VersionCheck {
  args: string[];
  text: string;
}

const serverVersion: VersionCheck = { args: ['--version'], text: `Kubernetes ${kubernetesVersion}` };

/**
 * kubectl of the clusters' own release, so the `socle deploy` steps run against the test control
 * plane within kubectl's supported skew (one minor either side, kubernetes.io version-skew-policy);
 * `version --client` prints `Client Version: v1.36.3` (staging/src/k8s.io/kubectl/pkg/cmd/version).
 */
export const kubectlVersion: VersionCheck = { args: ['version', '--client'], text: `Client Version: ${kubernetesVersion}` };

/** `k8s.io/kubernetes/cmd/<command>`. */
export function kubernetesCommand(command: string, check: VersionCheck = serverVersion): Recipe {
  return {
    name: command,
    version: async () => kubernetesVersion,
    sources: [new URL(import.meta.url), ...goBuildSources],
    build: ({ outDir }) => buildKubernetesCommand(command, check, outDir),
    report: (dir, v) => ({ path: join(dir, 'bin', command), version: v }),
  };
}

async function buildKubernetesCommand(command: string, check: VersionCheck, outDir: string): Promise<void> {
  const bin = join(outDir, 'bin');
  await buildGoPrograms({
    name: command,
    module: 'k8s.io/kubernetes',
    version: kubernetesVersion,
    programs: [{ package: `k8s.io/kubernetes/cmd/${command}`, binary: command }],
    ldflags: versionLdflags,
    localReplacement: (path) => (path.startsWith('k8s.io/') ? `v0.${minor}.${patch}` : undefined),
    outDir: bin,
  });
  await expectVersionOutput(join(bin, command), check.args, check.text);
}
