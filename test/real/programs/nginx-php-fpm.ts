/**
 * Throwaway nginx (Debian's nginx-core) and PHP-FPM (Debian's php8.2-fpm) on 127.0.0.1, laid out
 * as the images lay them out, in one temporary folder, run as the pod's user (www-data, uid 33)
 * when the suite runs as root.
 *
 * nginx: a main nginx.conf shaped as nginxinc/nginx-unprivileged's (charts/README.md, nextcloud-app
 * `nginx` row: pid and temp files under /tmp; as nginx's stock nginx.conf, `include mime.types`,
 * `default_type application/octet-stream`, then `include conf.d/*.conf` inside `http`), with its
 * prefix folder holding Debian's
 * `mime.types` and `fastcgi_params` (the same files of the nginx source tree) so that a site's
 * relative `include` resolves as in the image.
 * PHP-FPM: the official php image's layout (docker-library/php, fpm variant): no php.ini, the
 * conf.d folder scanned for *.ini, `php-fpm.conf` including `php-fpm.d/*.conf` in name order, the
 * `www` pool from www.conf, docker.conf (clear_env = no) and zz-docker.conf (listen = 9000,
 * daemonize = no), then whatever the pod mounts there.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { installedProgram } from '../harness/installed-program.js';
import type { ProgramAvailability } from '../harness/program-suite.js';

export const PHP_FPM = 'php-fpm8.2';
const POD_USER = { uid: 33, gid: 33 };

export const nginxAvailability = (pinned: string): ProgramAvailability =>
  installedProgram({ command: 'nginx', args: ['-v'], version: /nginx\/(\S+)/, debianPackages: 'nginx-core', pinned });

export const phpFpmAvailability = (pinned: string): ProgramAvailability =>
  installedProgram({ command: PHP_FPM, args: ['-v'], version: /^PHP (\d+\.\d+\.\d+)/m, debianPackages: 'php8.2-fpm', pinned });

/** The nextcloud image's PHP: the php image it is built FROM (nextcloud/docker@c8211b86 31/fpm/Dockerfile: php:8.3-fpm-trixie). */
export const NEXTCLOUD_IMAGE_PHP = '8.3';

/** The PHP command line (Debian's php-cli) with what socle's Nextcloud scripts use: PDO SQLite for the tests' database, SimpleXML, Phar. */
export function phpCliAvailability(): ProgramAvailability {
  const php = installedProgram({ command: 'php', args: ['-v'], version: /^PHP (\d+\.\d+\.\d+)/m, debianPackages: 'php-cli php-sqlite3 php-xml', pinned: NEXTCLOUD_IMAGE_PHP });
  if (php.missing) return php;
  const lacking = spawnSync('php', ['-r', 'echo implode(" ", array_filter(["pdo_sqlite", "SimpleXML", "phar"], fn ($e) => !extension_loaded($e)));'], { encoding: 'utf8' }).stdout;
  return lacking ? { missing: `php has no ${lacking} (Debian: apt-get install -y php-sqlite3 php-xml)` } : php;
}

/** Hands a folder the suite wrote over to the pod's user (when running as root; else it is ours already). */
export function giveToPodUser(path: string): void {
  if (process.getuid?.() !== 0) return;
  chownSync(path, POD_USER.uid, POD_USER.gid);
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.isDirectory()) giveToPodUser(join(path, e.name));
    else chownSync(join(path, e.name), POD_USER.uid, POD_USER.gid);
  }
}

const asPodUser = () => (process.getuid?.() === 0 ? POD_USER : {});

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

async function listening(port: number, what: () => string, process: ChildProcess): Promise<void> {
  for (let tries = 0; ; tries += 1) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return;
    if (tries === 100 || process.exitCode !== null) throw new Error(`nothing listens on 127.0.0.1:${port}:\n${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const stopper = (child: ChildProcess) => async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGQUIT');
  await exited;
};

export interface Running {
  stop(): Promise<void>;
  log(): string;
}

/** nginx with `sites` as its conf.d, listening where the sites say (`port` is waited for). */
export async function startNginx(dir: string, sites: Record<string, string>, port: number): Promise<Running & { test(): { status: number | null; output: string } }> {
  const prefix = join(dir, 'nginx');
  writeFiles(prefix, Object.fromEntries(Object.entries(sites).map(([name, text]) => [`conf.d/${name}`, text])));
  for (const f of ['mime.types', 'fastcgi_params']) copyFileSync(join('/etc/nginx', f), join(prefix, f));
  const tmp = join(prefix, 'tmp');
  mkdirSync(tmp);
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `worker_processes 1;
error_log ${join(prefix, 'error.log')} notice;
pid ${join(tmp, 'nginx.pid')};
events { worker_connections 64; }
http {
  client_body_temp_path ${tmp}/client_temp;
  proxy_temp_path ${tmp}/proxy_temp_path;
  fastcgi_temp_path ${tmp}/fastcgi_temp;
  uwsgi_temp_path ${tmp}/uwsgi_temp;
  scgi_temp_path ${tmp}/scgi_temp;
  include ${join(prefix, 'mime.types')};
  default_type application/octet-stream;
  access_log ${join(prefix, 'access.log')};
  sendfile on;
  keepalive_timeout 65;
  include ${join(prefix, 'conf.d')}/*.conf;
}
`,
  );
  const args = ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')];
  const test = () => {
    const r = spawnSync('nginx', [...args, '-t'], { ...asPodUser(), encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };
  giveToPodUser(prefix);
  const log = () => (existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '');
  const child = spawn('nginx', [...args, '-g', 'daemon off;'], { ...asPodUser(), stdio: 'ignore' });
  await listening(port, log, child);
  return { stop: stopper(child), log, test };
}

/** PHP-FPM with the image's `www` pool on `port`, then `poolFiles` in php-fpm.d and `iniFiles` in conf.d. */
export async function startPhpFpm(dir: string, port: number, poolFiles: Record<string, string>, iniFiles: Record<string, string>, env: Record<string, string>): Promise<Running & { pid: number }> {
  const etc = join(dir, 'php');
  writeFiles(etc, {
    'php-fpm.conf': `[global]\npid = ${join(etc, 'php-fpm.pid')}\nerror_log = ${join(etc, 'php-fpm.log')}\ninclude=${join(etc, 'php-fpm.d')}/*.conf\n`,
    // www.conf's pool defaults, docker.conf and zz-docker.conf of the php image, in one file that sorts before socle's.
    'php-fpm.d/www.conf': `[global]\ndaemonize = no\n[www]\nlisten = 127.0.0.1:${port}\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\nclear_env = no\ncatch_workers_output = yes\n`,
    ...Object.fromEntries(Object.entries(poolFiles).map(([name, text]) => [`php-fpm.d/${name}`, text])),
    ...Object.fromEntries(Object.entries(iniFiles).map(([name, text]) => [`conf.d/${name}`, text])),
    // The image has no php.ini: PHP's built-in defaults, plus what conf.d says.
    'php.ini': '',
  });
  giveToPodUser(etc);
  const log = () => (existsSync(join(etc, 'php-fpm.log')) ? readFileSync(join(etc, 'php-fpm.log'), 'utf8') : '');
  const child = spawn(PHP_FPM, ['-F', '-y', join(etc, 'php-fpm.conf'), '-c', join(etc, 'php.ini')], {
    ...asPodUser(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PHP_INI_SCAN_DIR: join(etc, 'conf.d'), ...env },
    stdio: 'ignore',
  });
  await listening(port, log, child);
  return { stop: stopper(child), log, pid: child.pid! };
}
