/**
 * A program installed from Debian's packages (`.ci/install-programs`), as a suite sees it: the
 * version it prints of itself, or why it is not there. Suites that run such a program are named
 * `*.program.test.ts`: `npm test` runs them (skipped when the program is absent) and
 * `npm run test:real` runs them again, so each program gets its row in test-results/real-tools.json.
 */
import { spawnSync } from 'node:child_process';
import type { ProgramAvailability } from './program-suite.js';

export interface InstalledProgram {
  /** The command that prints the version. */
  readonly command: string;
  readonly args: readonly string[];
  /** The version in what it prints (stdout and stderr together); its first group is the version. */
  readonly version: RegExp;
  /** The Debian package(s) that carry it, for the reason printed when it is missing. */
  readonly debianPackages: string;
  /** The version socle's images run, when it differs from Debian's. */
  readonly pinned?: string;
  /** Other commands the suite needs besides the program itself. */
  readonly alsoNeeds?: readonly string[];
}

const onPath = (command: string) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' }).status === 0;

export function installedProgram(p: InstalledProgram): ProgramAvailability {
  const missingCommand = [p.command, ...(p.alsoNeeds ?? [])].find((c) => !onPath(c));
  if (missingCommand) return { missing: `${missingCommand} is not installed (Debian: apt-get install -y ${p.debianPackages}; .ci/install-programs installs it)` };
  const run = spawnSync(p.command, [...p.args], { encoding: 'utf8', timeout: 10_000 });
  const version = p.version.exec(`${run.stdout ?? ''}\n${run.stderr ?? ''}`)?.[1];
  if (!version) return { missing: `${p.command} ${p.args.join(' ')} printed no version` };
  return p.pinned ? { version, pinned: p.pinned } : { version };
}

/** The version in an image reference socle pins (`…/haproxy:3.2.4-alpine` → `3.2.4`). */
export const pinnedTag = (image: string): string => image.slice(image.lastIndexOf(':') + 1).replace(/-(alpine|bookworm|slim)$/, '');
