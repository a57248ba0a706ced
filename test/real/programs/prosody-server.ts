/**
 * A throwaway Prosody from Debian's `prosody` package on 127.0.0.1: configuration, data, log,
 * certificates folder and admin socket in a temporary folder, c2s on a free port, no s2s, run as
 * `nobody` when the suite runs as root (Prosody refuses root by default).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgramAvailability } from '../harness/program-suite.js';
import { freePorts } from './local-ports.js';

const PROSODY_LIB = '/usr/lib/prosody';
const NOBODY = { uid: 65534, gid: 65534 };

export function prosodyAvailability(pinned: string): ProgramAvailability {
  const versionFile = join(PROSODY_LIB, 'prosody.version');
  if (!existsSync(versionFile) || spawnSync('sh', ['-c', 'command -v prosody']).status !== 0) return { missing: 'no Prosody: apt-get install -y prosody' };
  return { version: readFileSync(versionFile, 'utf8').trim(), pinned };
}

export interface ProsodyServer {
  c2sPort: number;
  /** The log so far (level info and above). */
  log(): string;
  /** A command for the admin shell (mod_admin_shell), through `prosodyctl shell`. */
  shell(command: string): string;
  /** `prosodyctl` with this configuration (check, register…). */
  ctl(args: string[]): { status: number | null; output: string };
  stop(): Promise<void>;
}

export interface ProsodySetup {
  /** Folders of modules (each file written as is), in `plugin_paths` order. */
  plugins: Record<string, Record<string, string>>;
  /** The configuration after the global options this helper writes (paths, ports, log). */
  hosts: string;
  /** Prosody modules to load on every host, besides saslauth, disco and admin_shell. */
  globalModules?: string[];
  /** Accounts to create before the start: `user@host` → password. */
  accounts?: Record<string, string>;
}

const lua = (s: string) => JSON.stringify(s);

export async function startProsody(setup: ProsodySetup): Promise<ProsodyServer> {
  const dir = mkdtempSync(join(tmpdir(), 'socle-prosody-'));
  const [c2sPort] = (await freePorts(1)) as [number];
  for (const sub of ['data', 'certs']) mkdirSync(join(dir, sub));
  const pluginPaths = Object.entries(setup.plugins).map(([name, files]) => {
    const folder = join(dir, 'plugins', name);
    mkdirSync(folder, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
    return folder;
  });
  const config = join(dir, 'prosody.cfg.lua');
  writeFileSync(
    config,
    [
      `plugin_paths = { ${pluginPaths.map(lua).join(', ')} }`,
      `data_path = ${lua(join(dir, 'data'))}`,
      `certificates = ${lua(join(dir, 'certs'))}`,
      `pidfile = ${lua(join(dir, 'prosody.pid'))}`,
      `admin_socket = ${lua(join(dir, 'prosody.sock'))}`,
      `log = { { levels = { min = "info" }, to = "file", filename = ${lua(join(dir, 'prosody.log'))} } }`,
      'interfaces = { "127.0.0.1" }',
      `c2s_ports = { ${c2sPort} }`,
      'c2s_direct_tls_ports = { }',
      `modules_enabled = { ${['saslauth', 'disco', 'admin_shell', ...(setup.globalModules ?? [])].map(lua).join(', ')} }`,
      'modules_disabled = { "s2s" }',
      setup.hosts,
    ].join('\n'),
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownTree(dir);
  const user = asRoot ? NOBODY : {};
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };
  const ctl = (args: string[]) => {
    const r = spawnSync('prosodyctl', ['--config', config, ...args], { ...user, env, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };
  for (const [jid, password] of Object.entries(setup.accounts ?? {})) {
    const made = ctl(['register', ...jid.split('@'), password]);
    if (made.status !== 0) throw new Error(`prosodyctl register ${jid}: ${made.output}`);
  }
  const server: ChildProcess = spawn('prosody', ['-F', '--config', config], { ...user, env, stdio: 'ignore' });
  const log = () => (existsSync(join(dir, 'prosody.log')) ? readFileSync(join(dir, 'prosody.log'), 'utf8') : '');
  for (let tries = 0; !log().includes(`Activated service 'c2s' on [127.0.0.1]:${c2sPort}`); tries += 1) {
    if (tries === 100 || server.exitCode !== null) throw new Error(`Prosody did not start:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    c2sPort,
    log,
    shell: (command) => ctl(['shell', command]).output,
    ctl,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function chownTree(path: string): void {
  chownSync(path, NOBODY.uid, NOBODY.gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child);
    else chownSync(child, NOBODY.uid, NOBODY.gid);
  }
}
