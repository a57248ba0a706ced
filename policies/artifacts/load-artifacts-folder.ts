/** Reading the artifacts of a folder that someone built (`out/<name>/`), with optional plan files. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ArtifactError, type Artifacts } from './artifacts.js';
import { isArtifactPath, readArtifacts, type PlanInput } from './read-artifacts.js';

function listFiles(dir: string, root: string, out: Map<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, root, out);
    else {
      const path = relative(root, full).split(sep).join('/');
      if (isArtifactPath(path)) out.set(path, readFileSync(full, 'utf8'));
    }
  }
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Plan files, named in reports as given; `cwd` resolves relative ones. */
export function readPlanFiles(paths: readonly string[], cwd?: string): PlanInput[] {
  return paths.map((path) => {
    try {
      return { path, content: readFileSync(cwd ? resolve(cwd, path) : path, 'utf8') };
    } catch (e) {
      throw new ArtifactError(`${path}: can't read the plan (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  });
}

export function loadArtifactsFolder(folder: string, plans: readonly PlanInput[] = []): Artifacts {
  if (!isFolder(folder)) throw new ArtifactError(`${folder}: not a folder of artifacts`);
  const files = new Map<string, string>();
  listFiles(folder, folder, files);
  return readArtifacts(files, plans);
}
