/** Builds the commands of one module version through a wrapper module (see wrapper-module.ts). */
import { chmod, cp, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { go } from './go-command.js';
import { downloadModule, moduleTime, readGoMod, type DownloadedModule } from './go-module.js';
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
  /** -X flags etc.; given the commit time the proxy records for the version. */
  ldflags: (releaseTime: string) => string[];
  localReplacement?: (modulePath: string) => string | undefined;
  /**
   * Files the module's build needs but its archive lacks (its `go generate` output, not committed
   * upstream): run in a writable copy of the module's tree, with the wrapper module as the
   * context to run Go code in; the wrapper then builds from that copy.
   */
  generate?: (copy: string, wrapper: string) => Promise<void>;
  outDir: string;
}

/** The folder of the module's writable copy inside the wrapper's directory. */
const MODULE_COPY = 'module-copy';

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
      ...(b.generate ? { sourceDir: `./${MODULE_COPY}` } : {}),
    });
    await writeFile(join(work, 'go.mod'), text);
    const copy = join(work, MODULE_COPY);
    if (b.generate) {
      await cp(downloaded.Dir, copy, { recursive: true });
      await makeWritable(copy);
    }
    await go(['mod', 'tidy'], work);
    await b.generate?.(copy, work);
    const bin = join(work, 'bin');
    const ldflags = ['-s', '-w', ...b.ldflags(await moduleTime(downloaded))].join(' ');
    await go(['build', '-ldflags', ldflags, '-o', `${bin}/`, ...b.programs.map((p) => p.package)], work);
    await mkdir(b.outDir, { recursive: true });
    for (const p of b.programs) await rename(join(bin, defaultBinaryName(p.package)), join(b.outDir, p.binary));
    return downloaded;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The module cache's files are read-only (cmd/go: "go clean -modcache"); the copy is ours to write. */
async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) await makeWritable(path);
    else await chmod(path, 0o644);
  }
}

/** The name `go build -o dir/` gives a main package: its last path element that is not a major version (cmd/go: "go help build"). */
export function defaultBinaryName(importPath: string): string {
  const parts = importPath.split('/');
  const last = parts.at(-1) ?? importPath;
  return /^v([2-9]|[1-9]\d+)$/.test(last) && parts.length > 1 ? parts.at(-2)! : last;
}
