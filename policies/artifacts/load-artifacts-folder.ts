/**
 * Reading a folder of artifacts that someone built (`out/<name>/`), failing closed: every file in
 * it is an artifact check reads, a working file of socle's other commands it knows it may skip,
 * or a problem. A symbolic link is followed only inside the folder; a FIFO, a device, a link loop,
 * a link leaving the folder, a file Terraform or kubectl would load that check can't read (HCL,
 * override files, variable files, modules), a missing part: each is an error naming the file and
 * what to do, never a silent skip. No content from outside the folder is ever read or quoted.
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ArtifactError, type Artifacts } from './artifacts.js';
import { LIMITS, readBoundedFile } from './input-limits.js';
import { INTERNAL_DIR, isSocleOverride, isWorkingPath, MARKER_FILE } from './output-layout.js';
import { parseJson } from './parse-text.js';
import { readArtifacts, type PlanInput } from './read-artifacts.js';

/** The reports socle synth writes: derived from the artifacts, read by people, applied by nothing. */
const REPORT_FILES = new Set(['reports/findings.json', 'reports/junit.xml', 'reports/report.md', 'reports/report.sarif']);
/** What kubectl reads in a folder given to `-f` (cli-runtime v0.32.4 pkg/resource/builder.go:45 FileExtensions). */
const KUBECTL_EXTENSIONS = /\.(ya?ml|json)$/;

/** Why check can't read a file Terraform would load from a stack folder, `undefined` when it can. */
function terraformProblem(name: string): string | undefined {
  // Terraform/OpenTofu load *.tf, *.tf.json (and OpenTofu *.tofu, *.tofu.json) of the working directory,
  // merge override files into them, and read terraform.tfvars[.json] and *.auto.tfvars[.json] for variables.
  if (/(^|_)override\.(tf|tofu)(\.json)?$/.test(name)) return 'an override file: Terraform merges it into the stack’s blocks, which check does not model';
  if (/\.tfvars(\.json)?$/.test(name)) return 'a variables file Terraform loads with the stack: check reads only literal values in cdk.tf.json';
  if (/\.(tf|tofu)$/.test(name)) return 'Terraform in HCL, which Terraform loads with the stack and check can’t read (socle writes Terraform JSON only)';
  if (/\.tofu\.json$/.test(name)) return 'an OpenTofu-only file, loaded with the stack, which check doesn’t read';
  if (!name.endsWith('.tf.json')) return 'not a file socle writes in a stack folder';
  return undefined;
}

type Verdict = { read: true } | { skip: true } | { problem: string };

function classify(path: string): Verdict {
  if (path === MARKER_FILE || isWorkingPath(path) || REPORT_FILES.has(path)) return { skip: true };
  if (isSocleOverride(path)) return { read: true };
  if (path === 'environment.json' || path === 'sizing.json' || /^deploy\/[^/]+\.json$/.test(path)) return { read: true };
  const parts = path.split('/');
  if (parts[0] === 'manifests' && parts.length > 1) {
    return KUBECTL_EXTENSIONS.test(path) ? { read: true } : { problem: 'not a manifest (kubectl reads .yaml, .yml and .json); socle writes nothing else under manifests/' };
  }
  if (parts[0] === 'terraform') {
    if (parts.length === 2) return { problem: 'not in a stack folder (terraform/<stack>/)' };
    if (parts.length > 3) return { problem: 'inside a stack folder’s subfolder: a module check does not follow (socle writes none)' };
    const problem = terraformProblem(parts[2]!);
    return problem ? { problem } : { read: true };
  }
  return { problem: 'not an artifact socle writes: check refuses what it can’t judge (remove it, or check the folder socle synth wrote)' };
}

interface Walk {
  root: string;
  files: Map<string, string>;
  problems: string[];
  bytes: number;
}

function within(root: string, real: string): boolean {
  return real === root || real.startsWith(root + sep);
}

/** `ancestors`: real paths of the folders from the root down to `dir`; a link back to one of them is a loop. */
function walk(state: Walk, dir: string, prefix: string, depth: number, ancestors: readonly string[]): void {
  if (depth > LIMITS.folderDepth) throw new ArtifactError(`${prefix || '.'}: folders nested more than ${LIMITS.folderDepth} deep`);
  for (const name of readdirSync(dir).sort()) {
    const path = prefix ? `${prefix}/${name}` : name;
    if (path === INTERNAL_DIR) continue; // socle's generations: read through the artifact links
    if (isWorkingPath(path)) continue;
    const full = join(dir, name);
    let real = full;
    const link = lstatSync(full);
    if (link.isSymbolicLink()) {
      try {
        real = realpathSync(full);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        state.problems.push(code === 'ELOOP' ? `${path}: a symbolic link loop` : `${path}: a symbolic link to nothing (a half-written or broken folder: run socle synth again)`);
        continue;
      }
      // The target is never read nor named: it may be anything on this machine.
      if (!within(state.root, real)) {
        state.problems.push(`${path}: a symbolic link leaving the folder: check reads only what the folder holds`);
        continue;
      }
    }
    const stat = statSync(real);
    if (stat.isDirectory()) {
      if (ancestors.includes(real)) {
        state.problems.push(`${path}: a symbolic link loop (it points back to a folder it is in)`);
        continue;
      }
      walk(state, real, path, depth + 1, [...ancestors, real]);
      continue;
    }
    const verdict = classify(path);
    if ('skip' in verdict) continue;
    if ('problem' in verdict) {
      state.problems.push(`${path}: ${verdict.problem}`);
      continue;
    }
    if (!stat.isFile()) {
      state.problems.push(`${path}: not a regular file (a FIFO, socket or device): check reads only regular files`);
      continue;
    }
    if (stat.size > LIMITS.fileBytes) {
      state.problems.push(`${path}: ${Math.round(stat.size / 1024 / 1024)} MB, more than the ${LIMITS.fileBytes / 1024 / 1024} MB a check reads from one file`);
      continue;
    }
    if (state.files.size >= LIMITS.files) throw new ArtifactError(`more than ${LIMITS.files} artifact files: not a folder socle wrote`);
    state.bytes += stat.size;
    if (state.bytes > LIMITS.totalBytes) throw new ArtifactError(`more than ${LIMITS.totalBytes / 1024 / 1024} MB of artifacts: not a folder socle wrote`);
    state.files.set(path, readBoundedFile(real, path));
  }
}

/** The parts every socle output has: without one, a check would judge less than what gets deployed. */
function missingParts(files: ReadonlyMap<string, string>): string[] {
  const paths = [...files.keys()];
  const missing: string[] = [];
  if (!files.has('environment.json')) missing.push('environment.json');
  if (!files.has('sizing.json')) missing.push('sizing.json');
  if (!paths.some((p) => /^terraform\/[^/]+\/cdk\.tf\.json$/.test(p))) missing.push('terraform/<stack>/cdk.tf.json');
  if (!paths.some((p) => p.startsWith('manifests/'))) missing.push('manifests/');
  return missing;
}

/** The artifact paths a marker says socle wrote (empty when there is no marker). */
function markedFiles(files: ReadonlyMap<string, string>, marker: string | undefined): string[] {
  if (marker === undefined) return [];
  let listed: unknown;
  try {
    listed = (JSON.parse(marker) as { files?: unknown }).files;
  } catch {
    listed = undefined;
  }
  if (!Array.isArray(listed) || !listed.every((f) => typeof f === 'string')) throw new ArtifactError(`${MARKER_FILE}: not a socle output marker (no list of files)`);
  return (listed as string[]).filter((path) => 'read' in classify(path) && !files.has(path));
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Plan files, named in reports as given; `cwd` resolves relative ones. Read bounded: a FIFO or /dev/zero is refused. */
export function readPlanFiles(paths: readonly string[], cwd?: string): PlanInput[] {
  return paths.map((path) => ({ path, content: readBoundedFile(cwd ? resolve(cwd, path) : path, path, 'plan') }));
}

/** Every artifact file of a folder, as relative path → content; any problem is an ArtifactError listing them all. */
export function readArtifactsFolder(folder: string): Map<string, string> {
  if (!isFolder(folder)) throw new ArtifactError(`${folder}: not a folder of artifacts`);
  const root = realpathSync(folder);
  const state: Walk = { root, files: new Map(), problems: [], bytes: 0 };
  walk(state, root, '', 0, [root]);
  let marker: string | undefined;
  try {
    marker = readBoundedFile(join(root, MARKER_FILE), MARKER_FILE, 'marker', false);
  } catch {
    marker = undefined; // no marker: a folder someone else built
  }
  const unlisted = markedFiles(state.files, marker);
  if (unlisted.length) state.problems.push(`${MARKER_FILE} lists files the folder doesn’t have (${unlisted.slice(0, 5).join(', ')}${unlisted.length > 5 ? '…' : ''}): a half-written folder; run socle synth again`);
  const missing = missingParts(state.files);
  // A broken environment is the more telling problem: say it first.
  const environment = state.files.get('environment.json');
  if (state.problems.length === 0 && missing.length && environment !== undefined) parseJson('environment.json', environment);
  if (state.problems.length === 0 && missing.length) state.problems.push(`missing ${missing.join(', ')}: every socle output has them (run \`socle synth\`, or check the whole folder)`);
  if (state.problems.length) {
    const shown = state.problems.slice(0, 20);
    const more = state.problems.length - shown.length;
    throw new ArtifactError(`${folder} can’t be checked as it is:`, ...shown, ...(more > 0 ? [`… and ${more} more`] : []));
  }
  return state.files;
}

export function loadArtifactsFolder(folder: string, plans: readonly PlanInput[] = []): Artifacts {
  return readArtifacts(readArtifactsFolder(folder), plans);
}
