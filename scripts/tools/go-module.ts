/** What the Go module proxy says about one module version, and its go.mod as data. */
import { go } from './go-command.js';

export interface DownloadedModule {
  Path: string;
  Version: string;
  /** The module's extracted tree in the module cache (read-only). */
  Dir: string;
  /** Its go.mod file in the module cache. */
  GoMod: string;
  /** The commit time the proxy records for the version. */
  Time?: string;
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

export async function readGoMod(goModFile: string, cwd: string): Promise<GoModFile> {
  return JSON.parse(await go(['mod', 'edit', '-json', goModFile], cwd)) as GoModFile;
}
