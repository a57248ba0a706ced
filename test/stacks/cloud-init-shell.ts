/**
 * Runs a node's cloud-init `runcmd` in the real sh, with every command it may call replaced by a
 * stand-in that records its arguments: what the node would execute, word by word, without
 * executing anything. A command the script runs that has no stand-in fails (`command not found`)
 * and shows in `missing`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RECORDED = ['curl', 'env', 'sh', 'mkdir', 'systemctl', 'reboot', 'id', 'rm', 'wget', 'cat', 'nc', 'bash', 'touch'];

export interface CloudConfig {
  write_files: { path: string; permissions: string; content: string; encoding?: string }[];
  runcmd: string[][];
  ssh_authorized_keys?: string[];
}

export function cloudConfig(userData: string): CloudConfig {
  if (!userData.startsWith('#cloud-config\n')) throw new Error('not a cloud-config');
  return JSON.parse(userData.slice('#cloud-config\n'.length)) as CloudConfig;
}

/** Each command the script ran, as its argument vector (the name first). */
export function runRuncmd(userData: string): { calls: string[][]; stderr: string } {
  const [shell, flag, script] = cloudConfig(userData).runcmd[0]!;
  if (shell !== 'sh' || flag !== '-c' || script === undefined) throw new Error('runcmd is not one sh -c command');
  const dir = mkdtempSync(join(tmpdir(), 'socle-runcmd-'));
  try {
    const log = join(dir, 'calls');
    for (const name of RECORDED) {
      const stub = join(dir, name);
      // Builtins only: PATH holds nothing else. Arguments separated by US, calls by RS. One write
      // per call: the two sides of a pipeline (`curl … | env … sh -`) run at once.
      writeFileSync(stub, `#!/bin/sh\nus=$(printf '\\037'); r=''\nfor a in "\${0##*/}" "$@"; do r="$r$a$us"; done\nprintf '%s\\036' "$r" >>"$SOCLE_CALLS"\n`);
      chmodSync(stub, 0o755);
    }
    let stderr = '';
    try {
      execFileSync('/bin/sh', ['-c', script], { env: { PATH: dir, SOCLE_CALLS: log }, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      stderr = String((error as { stderr?: Buffer }).stderr ?? error);
    }
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const calls = text.split('\u001e').filter(Boolean).map((call) => call.split('\u001f').slice(0, -1));
    return { calls, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
