/**
 * The output folder of `socle synth` (`out/<name>/`, or `--out DIR`). socle owns only what it
 * wrote there and replaces it whole:
 *
 *   DIR/.socle-output              the marker: this folder is socle's, and the artifact paths it wrote
 *   DIR/.socle/current → gen-<id>  one symlink; renaming a new one over it swaps every artifact at once
 *   DIR/.socle/gen-<hash>/<path>   a generation of artifacts, named by its content (the previous one stays until the swap)
 *   DIR/<path> → …/.socle/current/<path>   one stable link per artifact, where plan, deploy and check read it
 *
 * Everything else is the working files of socle's other commands (logs, saved plans, Terraform
 * and Pulumi state, provider caches): never read, moved or deleted here. A folder holding anything
 * else is refused, so that `--out` pointed at the wrong place loses nothing.
 * A run killed at any point leaves the old or the new generation behind `current`; an artifact link
 * created for the new one and not yet swapped in dangles (check fails on it), and the next run
 * cleans up. Every step is synchronous, so a signal handler can only run between runs of this code.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { INTERNAL_DIR, isSocleOverride, isWorkingPath, MARKER_FILE } from '../policies/artifacts/output-layout.js';
import { UsageError } from './command.js';

export { INTERNAL_DIR, MARKER_FILE };
const CURRENT = 'current';
const LOCK = 'lock';
const MARKER_FORMAT = 1;


/** A target folder socle can't or won't write: a plain message with the fix, exit code 2. */
export class OutputFolderError extends UsageError {}

/** Steps of the swap, in order; a test stops the process at each one to prove every state is whole. */
export type OutputStep = 'locked' | 'cleaned' | 'staged-file' | 'staged' | 'marked' | 'linked-file' | 'linked' | 'next-link' | 'swapped' | 'unlinked' | 'done';

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** What a failed file operation on the target means for the user, and what to do. */
function targetProblem(outDir: string, e: unknown): OutputFolderError {
  const code = errno(e);
  const why: Record<string, string> = {
    EACCES: 'permission denied: choose a folder you can write with --out, or fix its permissions',
    EPERM: 'operation not permitted: choose a folder you can write with --out, or fix its permissions',
    EROFS: 'the file system is read-only: choose a writable folder with --out',
    ENOTDIR: 'a part of the path is a file, not a folder: choose another --out',
    EEXIST: 'a file is in the way: choose another --out',
    ENOSPC: 'no space left on the device: free some space or choose another --out',
    EDQUOT: 'disk quota exceeded: free some space or choose another --out',
    ELOOP: 'the path has a symbolic link loop: choose another --out',
    ENAMETOOLONG: 'the path is too long: choose a shorter --out',
  };
  return new OutputFolderError(`can't write the output folder ${outDir}: ${why[code] ?? `${code}: choose another folder with --out`}`);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (e) {
    if (errno(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/** Every entry under `dir` (files, links, and folders holding nothing), relative, `/`-separated; folders socle keeps are not entered. */
function entries(dir: string, root: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const path = relative(root, full).split(sep).join('/');
    if (isWorkingFile(path) || path === MARKER_FILE || path === INTERNAL_DIR) continue;
    if (entry.isDirectory()) {
      const before = out.length;
      entries(full, root, out);
      if (out.length === before && readdirSync(full).length === 0) out.push(`${path}/`);
    } else out.push(path);
  }
}

/** The working files of socle's other commands (logs, plans, Terraform state, their override files): kept, never read here. */
function isWorkingFile(path: string): boolean {
  return isWorkingPath(path) || isSocleOverride(path);
}

/** The link at `outDir/path` that points into the current generation. */
function linkTarget(path: string): string {
  return relative(dirname(join('/', path)), join('/', INTERNAL_DIR, CURRENT, path));
}

function isOurLink(outDir: string, path: string): boolean {
  const stat = lstatOrUndefined(join(outDir, path));
  return stat !== undefined && stat.isSymbolicLink() && readlinkSync(join(outDir, path)) === linkTarget(path);
}

function readMarker(outDir: string): string[] | undefined {
  const path = join(outDir, MARKER_FILE);
  if (!existsSync(path)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    doc = undefined;
  }
  const files = (doc as { files?: unknown } | undefined)?.files;
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string')) {
    throw new OutputFolderError(`${path} is not a socle output marker: this folder was not written by socle synth; choose another --out, or empty it`);
  }
  return files as string[];
}

/** Written whole or not at all: a temporary file in `.socle/` (cleaned by the next run), then one rename. */
function writeMarker(outDir: string, files: readonly string[]): void {
  const doc = { note: 'written by socle synth: the artifacts below are links into .socle/current; socle replaces them on every synth', format: MARKER_FORMAT, files: [...new Set(files)].sort() };
  const temporary = join(outDir, INTERNAL_DIR, 'marker.next');
  writeFileSync(temporary, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(temporary, join(outDir, MARKER_FILE));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM';
  }
}

/** One synth at a time per folder; a lock left by a killed run is taken over. */
function lock(internal: string): () => void {
  const path = join(internal, LOCK);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
        throw new OutputFolderError(`another socle synth (process ${holder}) is writing ${dirname(internal)}: wait for it to finish`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new OutputFolderError(`can't lock ${dirname(internal)}: remove ${path} if no socle synth is running`);
}

/** Refuses a folder that holds anything socle didn't write (its marker's artifacts, its own links, other commands' working files). */
function refuseForeign(outDir: string, listed: readonly string[]): void {
  const found: string[] = [];
  entries(outDir, outDir, found);
  const ours = new Set(listed);
  const foreign = found.filter((path) => !(ours.has(path) && isOurLink(outDir, path)) && !(path.endsWith('/') && isEmptyArtifactFolder(path)));
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
  const why = existsSync(join(outDir, MARKER_FILE)) ? 'holds files socle synth did not write' : `holds files and no ${MARKER_FILE} marker: socle synth did not write it`;
  throw new OutputFolderError(`${outDir} ${why} (${shown}); socle replaces only its own output: choose an empty folder with --out, or move those files away (Terraform state, logs/, plans/ may stay)`);
}

/** Folders socle creates for its links (`manifests/`, `terraform/<stack>/`…), left empty by an earlier run. */
function isEmptyArtifactFolder(path: string): boolean {
  return /^(manifests|deploy|reports|terraform|terraform\/[^/]+)\/$/.test(path);
}

/** Staging and old generations of interrupted runs: everything in `.socle/` but the current generation and the lock. */
function cleanInternal(internal: string): void {
  const current = lstatOrUndefined(join(internal, CURRENT)) ? readlinkSync(join(internal, CURRENT)) : undefined;
  for (const name of readdirSync(internal)) {
    if (name === CURRENT || name === LOCK || name === current) continue;
    rmSync(join(internal, name), { recursive: true, force: true });
  }
}

/** Links that don't point into the current generation (left by a run killed between linking and swapping), and the folders they leave empty. */
function removeLinks(outDir: string, paths: readonly string[]): void {
  for (const path of paths) {
    if (!isOurLink(outDir, path)) continue;
    unlinkSync(join(outDir, path));
    for (let dir = dirname(path); dir !== '.'; dir = dirname(dir)) {
      try {
        rmdirSync(join(outDir, dir));
      } catch {
        break; // not empty: other artifacts or working files (Terraform state) live there
      }
    }
  }
}

function currentFiles(internal: string): Set<string> {
  const generation = lstatOrUndefined(join(internal, CURRENT)) ? join(internal, readlinkSync(join(internal, CURRENT))) : undefined;
  const files = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else files.add(relative(generation!, join(dir, entry.name)).split(sep).join('/'));
    }
  };
  if (generation && existsSync(generation)) walk(generation);
  return files;
}

/**
 * `mkdir -p` one level at a time: Node's recursive mkdir loops forever where mkdir keeps failing
 * with ENOENT (under /proc, node v20.20.2), and a path can only be so deep.
 */
function makeFolders(path: string): void {
  const missing: string[] = [];
  for (let at = path; !lstatOrUndefined(at); at = dirname(at)) {
    if (dirname(at) === at || missing.length > 255) break;
    missing.unshift(at);
  }
  for (const folder of missing) mkdirSync(folder);
}

/** A generation is named by its content, so the same environment gives the same folder, byte for byte. */
function generationName(files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort()) hash.update(`${path}\0${files.get(path)!}\0`);
  return `gen-${hash.digest('hex').slice(0, 16)}`;
}

function checkTarget(outDir: string): void {
  if (dirname(outDir) === outDir) throw new OutputFolderError(`refusing to write into the root folder ${outDir}: choose a folder of its own with --out (default: out/<name>)`);
  const stat = lstatOrUndefined(outDir);
  if (stat && stat.isSymbolicLink()) throw new OutputFolderError(`${outDir} is a symbolic link: give the folder it points to with --out`);
  if (stat && !stat.isDirectory()) throw new OutputFolderError(`${outDir} is a file, not a folder: choose a folder with --out`);
}

/** Refuses a target before any work is done (the same checks `writeOutputFolder` makes again under its lock). */
export function checkOutputFolder(outDir: string): void {
  try {
    checkTarget(outDir);
    if (lstatOrUndefined(outDir)) refuseForeign(outDir, readMarker(outDir) ?? []);
  } catch (e) {
    throw e instanceof OutputFolderError ? e : targetProblem(outDir, e);
  }
}

/**
 * Replaces socle's artifacts in `outDir` by `files` (relative path → content), whole: after this
 * returns or throws, `outDir` shows either the previous artifacts or these, never a mix.
 */
export function writeOutputFolder(outDir: string, files: ReadonlyMap<string, string>, afterStep: (step: OutputStep) => void = () => {}): void {
  checkOutputFolder(outDir);
  const internal = join(outDir, INTERNAL_DIR);
  try {
    makeFolders(internal);
  } catch (e) {
    throw targetProblem(outDir, e);
  }
  let unlock: () => void;
  try {
    unlock = lock(internal);
  } catch (e) {
    throw e instanceof OutputFolderError ? e : targetProblem(outDir, e);
  }
  try {
    afterStep('locked');
    const listed = readMarker(outDir) ?? [];
    refuseForeign(outDir, listed);
    cleanInternal(internal);
    const previous = currentFiles(internal);
    removeLinks(outDir, listed.filter((path) => !previous.has(path)));
    afterStep('cleaned');

    const generation = generationName(files);
    const current = lstatOrUndefined(join(internal, CURRENT)) ? readlinkSync(join(internal, CURRENT)) : undefined;
    // The same artifacts as the current generation (synth run twice): only links to restore.
    if (generation !== current) {
      for (const [path, content] of files) {
        const target = join(internal, generation, path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, content);
        afterStep('staged-file');
      }
    }
    afterStep('staged');
    const paths = [...files.keys()];
    writeMarker(outDir, [...previous, ...paths]);
    afterStep('marked');
    for (const path of paths) {
      if (isOurLink(outDir, path)) continue;
      mkdirSync(dirname(join(outDir, path)), { recursive: true });
      symlinkSync(linkTarget(path), join(outDir, path));
      afterStep('linked-file');
    }
    afterStep('linked');
    if (generation !== current) {
      // The one step that changes what the folder shows: rename(2) replaces the link atomically.
      const next = join(internal, `${CURRENT}.next`);
      symlinkSync(generation, next);
      afterStep('next-link');
      renameSync(next, join(internal, CURRENT));
    }
    afterStep('swapped');
    const kept = new Set(paths);
    removeLinks(outDir, [...previous].filter((path) => !kept.has(path)));
    afterStep('unlinked');
    writeMarker(outDir, paths);
    cleanInternal(internal);
    afterStep('done');
  } catch (e) {
    // Staging and stray links of a failed run: the next run removes them too.
    try {
      cleanInternal(internal);
    } catch {
      /* reported below */
    }
    if (e instanceof OutputFolderError) throw e;
    throw targetProblem(outDir, e);
  } finally {
    unlock();
  }
}

/**
 * `writeOutputFolder` with SIGINT and SIGTERM held off: the write is synchronous, so a signal
 * that arrives meanwhile is handled once the folder is whole again (new output, or the old one
 * and no staging), instead of killing the process between two file operations.
 */
export async function writeOutputFolderHoldingSignals(outDir: string, files: ReadonlyMap<string, string>, afterStep?: (step: OutputStep) => void): Promise<{ signal?: NodeJS.Signals }> {
  let received: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => {
    received ??= signal;
  };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    writeOutputFolder(outDir, files, afterStep);
  } finally {
    // A signal that arrived during the write waits in libuv's signal pipe: its poll phase hands it
    // over within two turns of the event loop (measured on node v20.20.2; a third for margin).
    for (let turn = 0; turn < 3 && received === undefined; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
  }
  return received ? { signal: received } : {};
}
