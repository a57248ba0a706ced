/**
 * The tools cache, outside the clone (builds outlive clones and CI's fresh checkouts):
 * `<root>/<tool>/<version>-<key>/` holds what the recipe built, `go version -m` of each binary
 * beside it (`<binary>.go-version-m.txt`, the provenance: module versions and build settings), and
 * `entry.json`, written last: an entry directory appears only complete, by a rename.
 */
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { go } from './go-command.js';

export function cacheRoot(env: NodeJS.ProcessEnv): string {
  return env['SOCLE_TOOLS_CACHE'] || join(env['HOME'] || homedir(), '.cache', 'socle-tools');
}

export function entryDir(root: string, tool: string, version: string, key: string): string {
  return join(root, tool, `${version.replace(/[^A-Za-z0-9._+-]/g, '_')}-${key.slice(0, 16)}`);
}

export interface EntryRecord {
  tool: string;
  version: string;
  goVersion: string;
  key: string;
  buildSeconds: number;
}

export async function isComplete(dir: string): Promise<boolean> {
  return stat(join(dir, 'entry.json')).then(() => true, () => false);
}

export async function readEntry(dir: string): Promise<EntryRecord> {
  return JSON.parse(await readFile(join(dir, 'entry.json'), 'utf8')) as EntryRecord;
}

/** A fresh directory to build into, on the cache's file system so that commit is one rename. */
export async function stagingDir(root: string, tool: string): Promise<string> {
  const dir = join(root, '.staging', `${tool}-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Writes the provenance of every binary in `staging`, then `entry.json`, then renames it into place. */
export async function commitEntry(staging: string, finalDir: string, record: EntryRecord): Promise<void> {
  // Relative names, so the provenance names the binary as it sits in the entry, not the staging path.
  for (const file of await executables(staging)) {
    await writeFile(join(staging, `${file}.go-version-m.txt`), await go(['version', '-m', file], staging));
  }
  await writeFile(join(staging, 'entry.json'), `${JSON.stringify(record, null, 2)}\n`);
  await rm(finalDir, { recursive: true, force: true });
  await mkdir(join(finalDir, '..'), { recursive: true });
  await rename(staging, finalDir);
}

async function executables(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const file = join(e.parentPath, e.name);
    if (((await stat(file)).mode & 0o111) !== 0) found.push(relative(dir, file));
  }
  return found.sort();
}
