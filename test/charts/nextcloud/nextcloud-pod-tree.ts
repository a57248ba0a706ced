/**
 * A Nextcloud pod of a rendered manifest, as it starts on this machine: the image's
 * /usr/src/nextcloud (reduced to what start-up reads), the kubelet's mounts into the pod's
 * /var/www/html emptyDir, the image's entrypoint (ported, nextcloud-upstream.ts), socle's init step
 * (charts/apps/nextcloud/nextcloud-prepare.php, in real PHP) and Nextcloud's system config as
 * Config::readData builds it, in real PHP with the container's environment. Shared by the pod tests
 * (nextcloud-pods.test.ts) and the real-PHP suites (*.program.test.ts next to it).
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NEXTCLOUD_APPS, nextcloudRelease } from '../../../charts/apps/nextcloud/nextcloud-apps.js';
import type { KubeObject } from '../../../charts/kube-object.js';
import { configData, find, podSpec } from '../examples.js';
import { imageEntrypoint, versionPhpVersion, type AppState, type PodTree, type SystemConfig } from './nextcloud-upstream.js';

const run = promisify(execFile);

export const PHP_PODS = [
  ['Deployment', 'nextcloud-app'],
  ['CronJob', 'nextcloud-cron'],
  ['Job', 'nextcloud-install'],
] as const;
export const HTML = '/var/www/html';
/** A stand-in for the image's /usr/src/nextcloud version (the real 4th digit is the release's). */
export const IMAGE_VERSION = [31, 0, 9, 1];

/** /usr/src/nextcloud as the image has it, reduced to what start-up reads (the config files are stand-ins of nextcloud/docker 31 config/*.php). */
export function imageSource(dir: string, version: number[] = IMAGE_VERSION): string {
  mkdirSync(join(dir, 'config'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'custom_apps'));
  mkdirSync(join(dir, 'apps'));
  writeFileSync(join(dir, 'version.php'), `<?php\n$OC_Version = array(${version.join(',')});\n$OC_VersionString = '${version.slice(0, 3).join('.')}';\n`);
  writeFileSync(join(dir, 'status.php'), '<?php // stand-in\n');
  writeFileSync(join(dir, 'config', 'CAN_INSTALL'), '');
  writeFileSync(join(dir, 'config', 'apcu.config.php'), "<?php\n$CONFIG = array ('memcache.local' => '\\OC\\Memcache\\APCu');\n");
  writeFileSync(
    join(dir, 'config', 'apps.config.php'),
    "<?php\n$CONFIG = array ('apps_paths' => array (0 => array ('path' => OC::$SERVERROOT.'/apps', 'url' => '/apps', 'writable' => false), 1 => array ('path' => OC::$SERVERROOT.'/custom_apps', 'url' => '/custom_apps', 'writable' => true)));\n",
  );
  writeFileSync(join(dir, 'config', 'redis.config.php'), "<?php\nif (getenv('REDIS_HOST')) {\n  $CONFIG = array ('redis' => array ('host' => getenv('REDIS_HOST')));\n}\n");
  writeFileSync(join(dir, 'config', 'upgrade-disable-web.config.php'), "<?php\n$CONFIG = array ('upgrade.disable-web' => true);\n");
  return dir;
}

/** An app archive as its release has it: `<id>/appinfo/info.xml`. */
export function appArchive(dir: string, id: string, version: string): Buffer {
  const tree = join(dir, `tree-${id}-${version}`);
  mkdirSync(join(tree, id, 'appinfo'), { recursive: true });
  writeFileSync(join(tree, id, 'appinfo', 'info.xml'), `<?xml version="1.0"?>\n<info>\n  <id>${id}</id>\n  <version>${version}</version>\n</info>\n`);
  execFileSync('tar', ['-czf', join(dir, `${id}-${version}.tar.gz`), '-C', tree, id]);
  return readFileSync(join(dir, `${id}-${version}.tar.gz`));
}

/** A container's environment as the kubelet gives it; Secret values are placeholders naming their key. */
export function placeholderEnv(c: Record<string, any>): Map<string, string> {
  return new Map((c.env ?? []).map((e: any) => [e.name, e.value ?? `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`]));
}

export const volumeOf = (o: KubeObject, name: string) => (podSpec(o).volumes as Record<string, any>[]).find((v) => v.name === name)!;

/**
 * The pod's /var/www/html after the kubelet mounted the volumes: the emptyDir, and for any mount
 * inside it, the mount point that the container runtime creates as root (a subPath file, its
 * parent directories).
 */
export function mountedTree(objects: KubeObject[], o: KubeObject, dir: string): PodTree {
  const pod = podSpec(o);
  const tree: PodTree = { root: dir, owners: new Map(), uid: pod.securityContext.runAsUser };
  mkdirSync(dir, { recursive: true });
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    for (const m of c.volumeMounts ?? []) {
      if (!m.mountPath.startsWith(`${HTML}/`)) continue;
      const relPath = m.mountPath.slice(HTML.length + 1);
      const parts = relPath.split('/');
      for (let i = 1; i < parts.length; i++) {
        mkdirSync(join(dir, ...parts.slice(0, i)), { recursive: true });
        tree.owners.set(parts.slice(0, i).join('/'), { uid: 0, mode: 0o755 });
      }
      const volume = volumeOf(o, m.name);
      if (m.subPath && volume.configMap) writeFileSync(join(dir, relPath), configData(objects, volume.configMap.name, m.subPath));
      else mkdirSync(join(dir, relPath), { recursive: true });
      tree.owners.set(relPath, { uid: 0, mode: 0o444 });
    }
  }
  return tree;
}

/** Each pod of a PHP component shares one emptyDir as /var/www/html between all its containers. */
export function htmlVolume(o: KubeObject): string | undefined {
  const pod = podSpec(o);
  const names = [...(pod.initContainers ?? []), ...pod.containers].map((c: any) => (c.volumeMounts ?? []).find((m: any) => m.mountPath === HTML)?.name);
  const name = names[0];
  return name && names.every((n) => n === name) && volumeOf(o, name).emptyDir ? name : undefined;
}

/** oc_appconfig as the install Job leaves it (socle's record, the apps' installed_version); no rows: no Nextcloud schema yet. */
export function appConfigDatabase(file: string, rows?: [string, string, string][]): string {
  const sql = rows ? ['CREATE TABLE oc_appconfig (appid TEXT, configkey TEXT, configvalue TEXT)', ...rows.map((row) => `INSERT INTO oc_appconfig VALUES (${row.map((v) => `'${v}'`).join(', ')})`)] : [];
  execFileSync('php', ['-r', `$db = new PDO('sqlite:' . $argv[1]); foreach (array_slice($argv, 2) as $q) $db->exec($q);`, file, ...sql]);
  return `sqlite:${file}`;
}

/** socle's record in oc_appconfig (app id socle), read back. */
export function socleRecord(dsn: string): Record<string, string> {
  return JSON.parse(execFileSync('php', ['-r', `$db = new PDO($argv[1]); echo json_encode($db->query("SELECT configkey, configvalue FROM oc_appconfig WHERE appid = 'socle'")->fetchAll(PDO::FETCH_KEY_PAIR));`, dsn], { encoding: 'utf8' })) as Record<string, string>;
}

/** The database after the install Job of a release: its record, and app:enable's installed_version. */
export const afterInstallJob = (file: string, release = nextcloudRelease(), version = IMAGE_VERSION.join('.')) =>
  appConfigDatabase(file, [['socle', 'version', version], ['socle', 'release', release], ...NEXTCLOUD_APPS.map((a): [string, string, string] => [a.id, 'installed_version', a.version])]);

/** Config::readData in real PHP: config.php, then every *.config.php in natural order, merged; with the container's environment. */
const READ_CONFIG = `
class OC { public static $SERVERROOT = ''; }
OC::$SERVERROOT = $argv[1];
$dir = $argv[1] . '/config/';
$files = [$dir . 'config.php'];
$extra = glob($dir . '*.config.php');
natsort($extra);
$cache = [];
foreach (array_merge($files, $extra) as $file) {
  unset($CONFIG);
  if (!is_file($file)) continue;
  include $file;
  if (isset($CONFIG) && is_array($CONFIG)) $cache = array_merge($cache, $CONFIG);
}
if (headers_sent() || ob_get_length()) { fwrite(STDERR, 'a config file printed something'); exit(1); }
echo json_encode((object)$cache);
`;

/** The system config a process of this pod sees (a request, an occ or cron run), evaluated by PHP. */
export function systemConfig(root: string, env: Record<string, string>): SystemConfig {
  return JSON.parse(execFileSync('php', ['-r', READ_CONFIG, root], { env: { PATH: process.env['PATH'], ...env }, encoding: 'utf8' }) || '{}') as SystemConfig;
}

/** Serves the app archives on 127.0.0.1, as the artifact store would. */
export async function archiveServer(dir: string): Promise<{ server: Server; base: string; shas: Map<string, string> }> {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, Buffer>();
  const shas = new Map<string, string>();
  for (const app of NEXTCLOUD_APPS) {
    const bytes = appArchive(dir, app.id, app.version);
    files.set(`/${app.id}.tar.gz`, bytes);
    shas.set(app.id, createHash('sha256').update(bytes).digest('hex'));
  }
  files.set('/tampered.tar.gz', appArchive(dir, 'onlyoffice', '9.6.0'));
  const server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    res.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  return { server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, shas };
}

export interface Started {
  tree: PodTree;
  /** The folder mounted at /socle (ConfigMap nextcloud-config, apps.json pointed at the archive server). */
  socle: string;
  prepare: { status: number | null; output: string };
  /** The main container's environment, with the test database. */
  env: Record<string, string>;
  config: SystemConfig;
  apps: Record<string, AppState>;
  codeVersion: string;
}

export interface PodOptions {
  /** Changes to apps.json (after it points at the archive server). */
  apps?: (apps: any[]) => any[];
  /** Environment variables every container of the pod gets instead of the rendered ones (an older release's SOCLE_RELEASE). */
  env?: Record<string, string>;
  /** The image's Nextcloud version. */
  imageVersion?: number[];
}

/** The pod from its manifest: mounts, the init container (image entrypoint, then nextcloud-prepare.php), then the main container's entrypoint. */
export async function startPod(objects: KubeObject[], archives: { base: string; shas: Map<string, string> }, kind: string, component: string, dir: string, db: string, options: PodOptions = {}): Promise<Started> {
  const o = find(objects, kind, component);
  // The pod's paths under `dir` (/var/www/html, /socle): process-argv.ts relocator(dir, …) moves a script's.
  const tree = mountedTree(objects, o, join(dir, HTML));
  const src = imageSource(join(dir, 'src'), options.imageVersion);
  const socle = join(dir, 'socle');
  mkdirSync(socle, { recursive: true });
  for (const [file, content] of Object.entries(find(objects, 'ConfigMap', volumeOf(o, 'socle').configMap.name).data as Record<string, string>)) writeFileSync(join(socle, file), content);
  // The archives are served here; the rendered addresses and checksums are checked by nextcloud-pods.test.ts.
  const apps = (JSON.parse(readFileSync(join(socle, 'apps.json'), 'utf8')) as any[]).map((a) => ({ ...a, url: `${archives.base}/${a.id}.tar.gz`, sha256: archives.shas.get(a.id) }));
  writeFileSync(join(socle, 'apps.json'), JSON.stringify(options.apps ? options.apps(apps) : apps));

  const init = podSpec(o).initContainers[0];
  const initEnv = new Map([...placeholderEnv(init), ...Object.entries(options.env ?? {})]);
  imageEntrypoint(tree, src, init.command.slice(1), initEnv);
  if (init.command.slice(1).join(' ') !== 'php /socle/nextcloud-prepare.php prepare') throw new Error(`${component}: the init container runs ${init.command.join(' ')}`);
  const local = { NEXTCLOUD_ROOT: tree.root, SOCLE_CONFIG_FILE: join(socle, 'socle.config.php'), SOCLE_SHARED_MAINTENANCE_FILE: join(socle, 'shared-maintenance.config.php'), SOCLE_APPS_FILE: join(socle, 'apps.json'), SOCLE_DB_DSN: db };
  // Asynchronously: the archive server answers from this process.
  const prepare = await run('php', [join(socle, 'nextcloud-prepare.php'), 'prepare'], {
    env: { PATH: process.env['PATH'], ...Object.fromEntries(initEnv), ...local, SOCLE_WAIT_SECONDS: '0', SOCLE_WAIT_INTERVAL: '0' },
    encoding: 'utf8',
  }).then(
    (out) => ({ status: 0, stdout: out.stdout, stderr: out.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ status: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
  );
  const main = podSpec(o).containers[0];
  // The main container's entrypoint (php-fpm) finds the code already at the image's version.
  if (main.command === undefined && imageEntrypoint(tree, src, ['php-fpm'], placeholderEnv(main))) throw new Error(`${component}: the main container's entrypoint copied the code again`);
  const env = { ...Object.fromEntries(placeholderEnv(main)), ...options.env, NEXTCLOUD_ROOT: tree.root, SOCLE_DB_DSN: db };
  const appStates: Record<string, AppState> = {};
  for (const app of NEXTCLOUD_APPS) {
    const info = join(tree.root, 'custom_apps', app.id, 'appinfo', 'info.xml');
    appStates[app.id] = { code: existsSync(info) ? /<version>([^<]+)</.exec(readFileSync(info, 'utf8'))![1]! : undefined, installed: app.version, enabled: true };
  }
  return { tree, socle, prepare: { status: prepare.status, output: `${prepare.stdout}${prepare.stderr}` }, env, config: systemConfig(tree.root, env), apps: appStates, codeVersion: versionPhpVersion(join(tree.root, 'version.php')) };
}
