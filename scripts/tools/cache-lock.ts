/**
 * One builder at a time per cache: a lock file created exclusively (O_EXCL) holding the owner's pid.
 * A lock whose pid no longer runs on this machine is stale (the builder was killed) and is taken
 * over; a held lock is waited for, then refused with who holds it and what to do.
 */
import { hostname } from 'node:os';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export class LockHeldError extends Error {}

export interface LockOptions {
  waitSeconds: number;
  log(line: string): void;
  pollMs?: number;
}

export function lockFile(root: string): string {
  return join(root, '.lock');
}

/** Resolves to a release function once this process holds the lock. */
export async function acquireLock(root: string, o: LockOptions): Promise<() => Promise<void>> {
  const file = lockFile(root);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const deadline = Date.now() + o.waitSeconds * 1000;
  let announced = false;
  await mkdir(root, { recursive: true });
  for (;;) {
    try {
      await writeFile(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      return async () => {
        await rm(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    // Unreadable: just created and not yet written, or just removed; look again after a pause.
    const owner = await readOwner(file);
    if (owner !== undefined && isStale(owner)) {
      o.log(`tools: taking over the stale lock ${file} (pid ${owner.pid} is not running)`);
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const who = owner ? `pid ${owner.pid} on ${owner.host} since ${owner.since}` : 'an unreadable lock file';
      throw new LockHeldError(
        `the tools cache is locked by ${who} (${file}): another \`npm run tools\` is building; ` +
          `wait for it, use --no-build to read what is built, or remove the file if no build runs`,
      );
    }
    if (!announced) o.log(`tools: waiting up to ${o.waitSeconds} s for the build holding ${file}${owner ? ` (pid ${owner.pid})` : ''}`);
    announced = true;
    await sleep(o.pollMs ?? 1000);
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** A pid on another host can't be checked from here: only a lock of this host can be stale. */
function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
