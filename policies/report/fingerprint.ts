/** The environment fingerprint: a hash of exactly the artifacts checked, so a report names what it judged. */
import { createHash } from 'node:crypto';
import type { ArtifactFile } from '../artifacts/artifacts.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function fingerprint(files: readonly ArtifactFile[]): { sha256: string; files: { path: string; sha256: string }[] } {
  const entries = files.map((f) => ({ path: f.path, sha256: sha256(f.content) })).sort((a, b) => a.path.localeCompare(b.path));
  return { sha256: sha256(entries.map((e) => `${e.sha256}  ${e.path}\n`).join('')), files: entries };
}
