/** What the Go module proxy says about one module version, and its go.mod as data. */
import { readFile } from 'node:fs/promises';
import { go, goUnchecked } from './go-command.js';

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

/** Downloads one module version; a version the proxy refuses is an error saying so in one line. */
export async function downloadModule(path: string, version: string, cwd: string): Promise<DownloadedModule> {
  // On failure `go mod download -json` still prints its JSON object, with the reason in "Error".
  const r = await goUnchecked(['mod', 'download', '-json', `${path}@${version}`], cwd);
  let answer: DownloadedModule & { Error?: string };
  try {
    answer = JSON.parse(r.stdout) as DownloadedModule & { Error?: string };
  } catch {
    throw new Error(`go mod download ${path}@${version}: ${r.reason}`);
  }
  if (answer.Error) throw new Error(`the Go module proxy does not give ${path}@${version}: ${answer.Error.split('\n').map((l) => l.trim()).join(' ')}`);
  return answer;
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
