import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError, lockFile } from '../../scripts/tools/cache-lock.js';

const quiet = { log: () => {}, pollMs: 20 };
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** A process that runs until killed: the owner of a held lock. */
function liveProcess(): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

/** The pid of a process that has exited: the owner of a stale lock. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

async function writeOwner(root: string, pid: number, host = hostname()): Promise<void> {
  await writeFile(lockFile(root), JSON.stringify({ pid, host, since: '2026-12-01T00:00:00.000Z' }));
}

describe('tools cache lock', () => {
  it('writes this process id into the lock and removes it on release', async () => {
    const root = await mkdtemp(join(tmpdir(), 'socle-lock-'));
    const release = await acquireLock(root, { waitSeconds: 0, ...quiet });
    expect(JSON.parse(await readFile(lockFile(root), 'utf8')).pid).toBe(process.pid);
    await release();
    await expect(stat(lockFile(root))).rejects.toThrow();
  });

  it('takes over a lock whose process is gone', async () => {
    const root = await mkdtemp(join(tmpdir(), 'socle-lock-'));
    await writeOwner(root, await deadPid());
    const lines: string[] = [];
    const release = await acquireLock(root, { waitSeconds: 0, log: (l) => lines.push(l), pollMs: 20 });
    expect(JSON.parse(await readFile(lockFile(root), 'utf8')).pid).toBe(process.pid);
    expect(lines.join('\n')).toMatch(/stale lock .* is not running/);
    await release();
  });

  it('refuses a lock held by a running process, saying who holds it and what to do', async () => {
    const root = await mkdtemp(join(tmpdir(), 'socle-lock-'));
    const pid = liveProcess();
    await writeOwner(root, pid);
    const attempt = acquireLock(root, { waitSeconds: 0, ...quiet });
    await expect(attempt).rejects.toThrow(LockHeldError);
    await expect(acquireLock(root, { waitSeconds: 0, ...quiet })).rejects.toThrow(new RegExp(`locked by pid ${pid} .*--no-build`));
  });

  it('does not judge a lock taken on another host stale', async () => {
    const root = await mkdtemp(join(tmpdir(), 'socle-lock-'));
    await writeOwner(root, await deadPid(), 'another-host.invalid');
    await expect(acquireLock(root, { waitSeconds: 0, ...quiet })).rejects.toThrow(/on another-host.invalid/);
  });

  it('waits for a held lock and takes it once released', async () => {
    const root = await mkdtemp(join(tmpdir(), 'socle-lock-'));
    const first = await acquireLock(root, { waitSeconds: 0, ...quiet });
    const lines: string[] = [];
    const second = acquireLock(root, { waitSeconds: 30, log: (l) => lines.push(l), pollMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines.join('\n')).toMatch(/waiting up to 30 s/);
    await first();
    const release = await second;
    expect(JSON.parse(await readFile(lockFile(root), 'utf8')).pid).toBe(process.pid);
    await release();
  });
});
