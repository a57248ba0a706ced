/**
 * Which providers the filesystem mirrors hold, and which ones a stack needs that they don't: a
 * stack whose providers can't all be installed offline is not run, and its row says which.
 * Unpacked mirror layout `<hostname>/<namespace>/<type>/<version>/<os>_<arch>/` (OpenTofu docs,
 * CLI configuration, `filesystem_mirror`); sources without a hostname are on registry.opentofu.org.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_HOST = 'registry.opentofu.org';

/** `namespace/type` of every provider in the mirrors, on the default registry host. */
export function providersInMirrors(mirrors: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const mirror of mirrors) {
    const host = join(mirror, DEFAULT_HOST);
    if (!existsSync(host)) continue;
    for (const namespace of readdirSync(host)) for (const type of readdirSync(join(host, namespace))) found.add(`${namespace}/${type}`);
  }
  return found;
}

/** The `required_providers` of a stack (`source` and `version`) that the mirrors lack. */
export function missingProviders(doc: Record<string, unknown>, inMirrors: ReadonlySet<string>): string[] {
  const required = ((doc['terraform'] ?? {}) as { required_providers?: Record<string, { source: string; version?: string }> }).required_providers ?? {};
  return Object.values(required)
    .filter((p) => !inMirrors.has(p.source.split('/').slice(-2).join('/').toLowerCase()))
    .map((p) => `${p.source} ${p.version ?? ''}`.trim());
}
