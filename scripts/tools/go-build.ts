/** Builds the commands of one module version through a wrapper module (see wrapper-module.ts). */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { go } from './go-command.js';
import { downloadModule, readGoMod, type DownloadedModule } from './go-module.js';
import { renderWrapperGoMod } from './wrapper-module.js';

/** The files that make this build, part of the cache key of every recipe that uses it. */
export const goBuildSources: URL[] = ['go-build.ts', 'go-command.ts', 'go-module.ts', 'wrapper-module.ts'].map((f) => new URL(f, import.meta.url));

export interface GoProgramsBuild {
  /** Names the wrapper module (socle.local/tools/<name>). */
  name: string;
  module: string;
  version: string;
  /** Main packages (full import paths) and the file name each is written to in `outDir`. */
  programs: { package: string; binary: string }[];
  /** -X flags etc.; may use what the proxy says of the module (its commit time). */
  ldflags: (m: DownloadedModule) => string[];
  localReplacement?: (modulePath: string) => string | undefined;
  outDir: string;
}

export async function buildGoPrograms(b: GoProgramsBuild): Promise<DownloadedModule> {
  const work = await mkdtemp(join(tmpdir(), `socle-tools-${b.name}-`));
  try {
    const downloaded = await downloadModule(b.module, b.version, work);
    const goMod = await readGoMod(downloaded.GoMod, work);
    const text = renderWrapperGoMod({
      name: b.name,
      require: { path: b.module, version: b.version },
      goMod,
      localReplacement: b.localReplacement ?? (() => undefined),
      tools: b.programs.map((p) => p.package),
    });
    await writeFile(join(work, 'go.mod'), text);
    await go(['mod', 'tidy'], work);
    const bin = join(work, 'bin');
    const ldflags = ['-s', '-w', ...b.ldflags(downloaded)].join(' ');
    await go(['build', '-ldflags', ldflags, '-o', `${bin}/`, ...b.programs.map((p) => p.package)], work);
    await mkdir(b.outDir, { recursive: true });
    for (const p of b.programs) await rename(join(bin, defaultBinaryName(p.package)), join(b.outDir, p.binary));
    return downloaded;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The name `go build -o dir/` gives a main package: its last path element that is not a major version (cmd/go: "go help build"). */
export function defaultBinaryName(importPath: string): string {
  const parts = importPath.split('/');
  const last = parts.at(-1) ?? importPath;
  return /^v[2-9]\d*$|^v[1-9]\d+$/.test(last) && parts.length > 1 ? parts.at(-2)! : last;
}
