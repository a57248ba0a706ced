/**
 * The `manifests/*.yaml` of an example's synthesized artifacts, in file-name order (the apply
 * order), parsed back from their YAML text: the real-program suites run what a user's GitOps tool
 * would get, never a retyped copy.
 */
import { loadAll } from 'js-yaml';

export interface ManifestFileObjects<T> {
  readonly file: string;
  readonly objects: T[];
}

export function manifestFiles<T>(artifacts: ReadonlyMap<string, string>): ManifestFileObjects<T>[] {
  return [...artifacts.keys()]
    .filter((path) => path.startsWith('manifests/') && path.endsWith('.yaml'))
    .sort()
    .map((path) => ({ file: path, objects: (loadAll(artifacts.get(path)!) as (T | null)[]).filter((o): o is T => o !== null) }));
}
