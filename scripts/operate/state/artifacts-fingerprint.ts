/**
 * A fingerprint of what `socle synth` wrote (the files the policies read: resolved environment,
 * sizing, Terraform, manifests), so that a deploy applies the plan of exactly these artifacts, and
 * a resumed run resumes on them. socle's own working files beside them (plans, logs, state,
 * provider caches) are left out.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isArtifactPath } from '../../../policies/artifacts/read-artifacts.js';

/** The artifacts the policies read, minus the override files socle itself adds to stack folders. */
function isSynthArtifact(path: string): boolean {
  return isArtifactPath(path) && !/\/socle_[a-z_]+_override\.tf\.json$/.test(path);
}

function walk(dir: string, root: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, root, out);
    else out.push(relative(root, full).split(sep).join('/'));
  }
}

export function artifactsFingerprint(outDir: string): string {
  const hash = createHash('sha256');
  if (!existsSync(outDir)) return hash.digest('hex');
  const files: string[] = [];
  walk(outDir, outDir, files);
  for (const path of files.filter(isSynthArtifact).sort()) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(outDir, path)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
