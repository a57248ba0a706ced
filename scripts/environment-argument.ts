/**
 * The `[environment]` argument of every command: a path to a YAML file, or a name looked up in
 * `environments/` and then `environments/examples/`; none means the built-in pilot example.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The socle checkout or package root (where `environments/` ships): this file's parent folder when
 * it runs as TypeScript (`scripts/`, under tsx or vitest), the one above when compiled into
 * `dist/scripts/` by `npm run build` (the compiled module is the one ending in `.js`).
 */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), import.meta.url.endsWith('.js') ? '../..' : '..');

export const DEFAULT_ENVIRONMENT = 'pilot';

export function environmentPath(arg: string | undefined, cwd: string): string {
  const given = arg ?? DEFAULT_ENVIRONMENT;
  const looksLikePath = /[/\\]/.test(given) || /\.ya?ml$/.test(given);
  if (looksLikePath) return isAbsolute(given) ? given : resolve(cwd, given);
  for (const base of [join(cwd, 'environments'), join(PACKAGE_ROOT, 'environments'), join(PACKAGE_ROOT, 'environments', 'examples')]) {
    for (const ext of ['.yaml', '.yml']) {
      const candidate = join(base, `${given}${ext}`);
      if (existsSync(candidate)) return candidate;
    }
  }
  // Not found anywhere: report it against the most likely place.
  return join(PACKAGE_ROOT, 'environments', `${given}.yaml`);
}
