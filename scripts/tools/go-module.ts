/** What the Go module proxy says about one module version, and its go.mod as data. */
import { readFile } from 'node:fs/promises';
import { go } from './go-command.js';

export interface DownloadedModule {
  Path: string;
  Version: string;
  /** The module's extracted tree in the module cache (read-only). */
  Dir: string;
  /** Its go.mod file in the module cache. */
  GoMod: string;
  /** The .info file the proxy answered: {"Version", "Time"}. */
  Info: string;
}

/** `go mod edit -json` of a go.mod: the fields the wrapper modules repeat. */
export interface GoModFile {
  Go?: string;
  GoDebug?: { Key: string; Value: string }[] | null;
  Replace?: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[] | null;
}

export async function downloadModule(path: string, version: string, cwd: string): Promise<DownloadedModule> {
  return JSON.parse(await go(['mod', 'download', '-json', `${path}@${version}`], cwd)) as DownloadedModule;
}

/** The commit time the proxy records for the version (the .info file: "Time", RFC 3339). */
export async function moduleTime(m: DownloadedModule): Promise<string> {
  const info = JSON.parse(await readFile(m.Info, 'utf8')) as { Time?: string };
  if (!info.Time) throw new Error(`${m.Info}: no "Time" for ${m.Path}@${m.Version}`);
  return info.Time;
}

export async function readGoMod(goModFile: string, cwd: string): Promise<GoModFile> {
  return JSON.parse(await go(['mod', 'edit', '-json', goModFile], cwd)) as GoModFile;
}
