/**
 * A small port of the start-up decisions of Nextcloud 31 and of its Docker image, for the tests
 * of the files each Nextcloud pod really has. Each function names the upstream code it follows;
 * read at nextcloud/server stable31 (lib/base.php 001b12c, lib/private/legacy/OC_Util.php and
 * lib/private/Config.php 0012602, lib/private/Security/TrustedDomainHelper.php 07f1524,
 * lib/private/legacy/OC_App.php shouldUpgrade, status.php) and nextcloud/docker c8211b8 ("Bump stable
 * to 31.0.9") 31/fpm/entrypoint.sh and Dockerfile.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** PHP's version_compare for dotted numbers: -1, 0 or 1 ("31.0.9" < "31.0.9.0": the longer is greater). */
export function versionCompare(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i]! < pb[i]! ? -1 : 1;
  return Math.sign(pa.length - pb.length);
}

/** A pod's view of Nextcloud's system config, after Config::readData (config.php, then *.config.php). */
export type SystemConfig = Record<string, unknown>;

export interface AppState {
  /** `<version>` of the app's appinfo/info.xml in this pod's apps paths; undefined when absent. */
  code?: string;
  /** `installed_version` in oc_appconfig; undefined when never installed. */
  installed?: string;
  enabled: boolean;
}

/** OC_App::shouldUpgrade: the code present differs from the version the database recorded. */
export function shouldUpgrade(app: AppState): boolean {
  return app.code !== undefined && app.code !== '' && app.installed !== undefined && versionCompare(app.code, app.installed) !== 0;
}

/**
 * OC_Util::needUpgrade: installed, and the code (version.php) newer than config `version`, or any
 * enabled app needing an upgrade; a downgrade throws (HintException), reported here as 'downgrade'.
 */
export function needUpgrade(config: SystemConfig, codeVersion: string, apps: Record<string, AppState>): boolean | 'downgrade' {
  if (!config['installed']) return false;
  const diff = versionCompare(codeVersion, String(config['version'] ?? '0.0.0'));
  if (diff > 0) return true;
  if (diff < 0) return 'downgrade';
  return Object.values(apps).some((a) => a.enabled && shouldUpgrade(a));
}

/** What the model knows of a path: its owner and mode as a container's process sees them. */
export interface PodFile {
  uid: number;
  mode: number;
}

/** A pod's /var/www/html: the real directory the test filled, plus who owns what in the pod. */
export interface PodTree {
  root: string;
  /** Owner and mode by path relative to root; a path absent here was created by the pod's own user. */
  owners: Map<string, PodFile>;
  /** The uid the containers run as (pod securityContext.runAsUser). */
  uid: number;
}

const rel = (tree: PodTree, path: string) => path.slice(tree.root.length).replace(/^\/+/, '');

/** is_writable for the pod's user: the owner's write bit for its own files, "other" otherwise (emptyDir: 0777). */
export function writable(tree: PodTree, path: string): boolean {
  if (!existsSync(path)) return false;
  const known = tree.owners.get(rel(tree, path));
  if (!known) return true;
  return known.uid === tree.uid ? (known.mode & 0o200) !== 0 : (known.mode & 0o002) !== 0;
}

function fileMode(tree: PodTree, path: string): number {
  return tree.owners.get(rel(tree, path))?.mode ?? statSync(path).mode & 0o777;
}

/** lib/base.php OC::checkConfig: config.php must exist (or be creatable) and be writable, unless config_is_read_only. */
export function checkConfig(tree: PodTree, config: SystemConfig): string[] {
  const configDir = join(tree.root, 'config');
  const file = join(configDir, 'config.php');
  const fileWritable = existsSync(file) ? writable(tree, file) : writable(tree, configDir);
  return !fileWritable && !config['config_is_read_only'] ? ['Cannot write into "config" directory!'] : [];
}

/**
 * OC_Util::checkServer, the parts that depend on files and config: the data directory's `.ncdata`
 * (checkDataDirectoryValidity, when installed and no upgrade is pending), a writable config
 * directory, the data directory's existence, writability and 0770 permissions (checkDataDirectoryPermissions
 * chmods it to 0770 first, which works for its owner), and secret/instanceid/passwordsalt for web requests.
 */
export function checkServer(tree: PodTree, config: SystemConfig, upgrade: boolean | 'downgrade'): string[] {
  const errors: string[] = [];
  const dataDir = String(config['datadirectory'] ?? join(tree.root, 'data'));
  const local = dataDir.startsWith('/var/www/html') ? join(tree.root, dataDir.slice('/var/www/html'.length)) : dataDir;
  if (upgrade === false && config['installed']) {
    if (!dataDir.startsWith('/')) errors.push('Your data directory must be an absolute path.');
    if (!existsSync(join(local, '.ncdata'))) errors.push('Your data directory is invalid.');
  }
  if (!config['config_is_read_only'] && !writable(tree, join(tree.root, 'config'))) errors.push('Cannot write into "config" directory.');
  if (config['appstoreenabled'] ?? true) {
    const installPath = join(tree.root, 'custom_apps');
    if (!writable(tree, installPath)) errors.push('Cannot write into "apps" directory.');
  }
  if (config['installed']) {
    if (!existsSync(local)) {
      if (!writable(tree, tree.root)) errors.push('Cannot create "data" directory.');
    } else if (!writable(tree, local)) {
      errors.push('Your data directory is not writable.');
    } else if ((fileMode(tree, local) & 0o007) !== 0 && (tree.owners.get(rel(tree, local))?.uid ?? tree.uid) !== tree.uid) {
      // checkDataDirectoryPermissions chmods it to 0770 first: only its owner can.
      errors.push('Your data directory is readable by other people.');
    }
  }
  for (const key of ['secret', 'instanceid', 'passwordsalt']) {
    if ((config[key] ?? '') === '' && config['installed']) errors.push(`The required ${key} config variable is not configured in the config.php file.`);
  }
  return errors;
}

/** TrustedDomainHelper::isTrustedDomain (no overwritehost): localhost always, else trusted_domains with * wildcards. */
export function isTrustedDomain(config: SystemConfig, hostWithPort: string): boolean {
  if (typeof config['overwritehost'] === 'string' && config['overwritehost'] !== '') return true;
  const port = hostWithPort.lastIndexOf(':');
  const host = port >= 0 && /^\d+$/.test(hostWithPort.slice(port + 1)) ? hostWithPort.slice(0, port) : hostWithPort;
  const trusted = config['trusted_domains'];
  if (trusted === null || typeof trusted !== 'object') return false;
  if (/^(127\.0\.0\.1|localhost|\[::1\])$/.test(host)) return true;
  if (host.startsWith('-') || host.includes('..')) return false;
  return Object.values(trusted as Record<string, unknown>).some((t) => {
    if (typeof t !== 'string') return false;
    const regex = new RegExp(`^${t.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('[-\\.a-zA-Z0-9]*')}$`, 'i');
    return regex.test(host) || regex.test(hostWithPort);
  });
}

export interface StatusAnswer {
  code: number;
  body: string;
}

/**
 * GET /status.php as OC::init then status.php answer it: checkConfig (503), checkServer (503),
 * then the trusted-domain check (400 `{"error": "Trusted domain error.", "code": 15}` when
 * installed), then 200 with installed, maintenance and needsDbUpgrade, whatever their values.
 */
export function statusPhp(tree: PodTree, config: SystemConfig, codeVersion: string, apps: Record<string, AppState>, host: string): StatusAnswer {
  const upgrade = needUpgrade(config, codeVersion, apps);
  if (upgrade === 'downgrade') return { code: 500, body: '' };
  if (checkConfig(tree, config).length > 0 || checkServer(tree, config, upgrade).length > 0) return { code: 503, body: '<html>error page</html>' };
  if (config['installed'] && !isTrustedDomain(config, host)) return { code: 400, body: '{"error": "Trusted domain error.", "code": 15}' };
  const body = { installed: Boolean(config['installed']), maintenance: Boolean(config['maintenance']), needsDbUpgrade: upgrade, version: codeVersion };
  return { code: 200, body: JSON.stringify(body) };
}

/** implode('.', $OC_Version) of a version.php. */
export function versionPhpVersion(file: string): string {
  const m = /\$OC_Version\s*=\s*(?:array\s*\(|\[)([^\])]*)[\])]/.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error(`no $OC_Version in ${file}`);
  return m[1]!.split(',').map((s) => s.trim()).join('.');
}

const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/**
 * nextcloud/docker 31.0.9 entrypoint.sh L92-195 as it runs in a pod (not root: rsync -rlD): for
 * apache, php-fpm, or any command with NEXTCLOUD_UPDATE=1; when the image's version.php is newer
 * than /var/www/html's (absent: 0.0.0.0), copies the code without config/, data/, custom_apps/,
 * themes/ (upgrade.exclude), then each of those four from the image when missing or empty, then
 * version.php. Returns whether it initialised. A directory it can't write (a mount point) fails it.
 */
export function imageEntrypoint(tree: PodTree, imageSource: string, command: string[], env: Map<string, string>): boolean {
  const first = command[0] ?? 'php-fpm';
  if (!(first.startsWith('apache') || first === 'php-fpm' || env.get('NEXTCLOUD_UPDATE') === '1')) return false;
  const installed = existsSync(join(tree.root, 'version.php')) ? versionPhpVersion(join(tree.root, 'version.php')) : '0.0.0.0';
  const image = versionPhpVersion(join(imageSource, 'version.php'));
  if (versionCompare(installed, image) > 0) throw new Error(`entrypoint: data version ${installed} is higher than the image's ${image}`);
  if (versionCompare(image, installed) <= 0) return false;
  const excluded = new Set(['config', 'data', 'custom_apps', 'themes', 'version.php', 'nextcloud-init-sync.lock']);
  for (const entry of readdirSync(imageSource)) {
    if (excluded.has(entry)) continue;
    cpSync(join(imageSource, entry), join(tree.root, entry), { recursive: true });
  }
  for (const dir of ['config', 'data', 'custom_apps', 'themes']) {
    const target = join(tree.root, dir);
    if (isEmptyDir(target)) {
      if (existsSync(target) && !writable(tree, target)) throw new Error(`entrypoint: rsync cannot write into ${dir}/ (owned by uid ${tree.owners.get(dir)?.uid})`);
      mkdirSync(target, { recursive: true });
      if (existsSync(join(imageSource, dir))) cpSync(join(imageSource, dir), target, { recursive: true });
    }
  }
  cpSync(join(imageSource, 'version.php'), join(tree.root, 'version.php'));
  return true;
}

export interface WebAnswer extends StatusAnswer {
  headers: Record<string, string>;
}

/**
 * A page through index.php as OC::init then OC::handleRequest answer it (lib/base.php 001b12c):
 * init's 503 and trusted-domain 400 as statusPhp, then checkMaintenanceMode (503 with
 * `X-Nextcloud-Maintenance-Mode: 1` and `Retry-After: 120`), then a pending upgrade's page (503
 * with Retry-After, `upgrade.disable-web`), then the app.
 */
export function indexPhp(tree: PodTree, config: SystemConfig, codeVersion: string, apps: Record<string, AppState>, host: string): WebAnswer {
  const upgrade = needUpgrade(config, codeVersion, apps);
  if (upgrade === 'downgrade') return { code: 500, headers: {}, body: '' };
  if (checkConfig(tree, config).length > 0 || checkServer(tree, config, upgrade).length > 0) return { code: 503, headers: {}, body: '<html>error page</html>' };
  if (config['installed'] && !isTrustedDomain(config, host)) return { code: 400, headers: {}, body: '<html>untrusted domain</html>' };
  if (config['maintenance']) return { code: 503, headers: { 'x-nextcloud-maintenance-mode': '1', 'retry-after': '120' }, body: '<html>update.user</html>' };
  if (upgrade) return { code: 503, headers: { 'retry-after': '120' }, body: '<html>update.use-cli</html>' };
  return { code: 200, headers: {}, body: '<html>files</html>' };
}

/** cron.php (stable31) before its first background job: what it logs when it stops there, or undefined when it runs jobs. */
export function cronPhpSkips(config: SystemConfig, codeVersion: string, apps: Record<string, AppState>): string | undefined {
  if (needUpgrade(config, codeVersion, apps) !== false) return 'Update required, skipping cron';
  if (config['maintenance'] === true) return 'We are in maintenance mode, skipping cron';
  if (!config['installed']) return 'not installed';
  return undefined;
}
