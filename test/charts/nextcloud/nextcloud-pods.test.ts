/**
 * Every Nextcloud pod of every shipped example, as it starts: the volumes and mounts its manifest
 * renders, the image's entrypoint (ported, nextcloud-upstream.ts), socle's init step
 * (charts/apps/nextcloud/nextcloud-prepare.php, run in real PHP when `php` is installed), then Nextcloud's own
 * start-up decisions (needUpgrade, checkConfig, checkServer, the trusted-domain check of status.php)
 * on the files the pod then has, and the readiness probe (real PHP) against that status.php.
 * Without PHP (`apt-get install php-cli php-sqlite3 php-xml`), the parts that run it are skipped.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEXTCLOUD_APPS, nextcloudRelease } from '../../../charts/apps/nextcloud/nextcloud-apps.js';
import type { KubeObject } from '../../../charts/kube-object.js';
import { clusterS3 } from '../../../charts/data/object-storage.js';
import { VALKEY_SECRET } from '../../../charts/data/valkey.js';
import { configData, EXAMPLE_NAMES, find, loadExample, podSpec, render, type Rendered } from '../examples.js';
import {
  checkConfig,
  checkServer,
  imageEntrypoint,
  isTrustedDomain,
  needUpgrade,
  statusPhp,
  versionPhpVersion,
  type AppState,
  type PodTree,
  type SystemConfig,
} from './nextcloud-upstream.js';

const PHP = spawnSync('php', ['-r', 'exit(extension_loaded("pdo_sqlite") && extension_loaded("SimpleXML") && extension_loaded("phar") ? 0 : 1);']).status === 0;
if (!PHP) console.warn('nextcloud-pods.test: php with pdo_sqlite, SimpleXML and phar not found: the real-PHP parts are skipped (apt-get install php-cli php-sqlite3 php-xml)');
const run = promisify(execFile);

const rendered: [string, Rendered][] = EXAMPLE_NAMES.map((name) => [name, render(loadExample(name))]);
const PHP_PODS = [
  ['Deployment', 'nextcloud-app'],
  ['CronJob', 'nextcloud-cron'],
  ['Job', 'nextcloud-install'],
] as const;
const HTML = '/var/www/html';
/** A stand-in for the image's /usr/src/nextcloud version (the real 4th digit is the release's). */
const IMAGE_VERSION = [31, 0, 9, 1];

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'socle-nextcloud-pods-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** /usr/src/nextcloud as the image has it, reduced to what start-up reads (the config files are stand-ins of nextcloud/docker 31 config/*.php). */
function imageSource(dir: string): string {
  mkdirSync(join(dir, 'config'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'custom_apps'));
  mkdirSync(join(dir, 'apps'));
  writeFileSync(join(dir, 'version.php'), `<?php\n$OC_Version = array(${IMAGE_VERSION.join(',')});\n$OC_VersionString = '31.0.9';\n`);
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
function appArchive(dir: string, id: string, version: string): Buffer {
  const tree = join(dir, `tree-${id}-${version}`);
  mkdirSync(join(tree, id, 'appinfo'), { recursive: true });
  writeFileSync(join(tree, id, 'appinfo', 'info.xml'), `<?xml version="1.0"?>\n<info>\n  <id>${id}</id>\n  <version>${version}</version>\n</info>\n`);
  execFileSync('tar', ['-czf', join(dir, `${id}-${version}.tar.gz`), '-C', tree, id]);
  return readFileSync(join(dir, `${id}-${version}.tar.gz`));
}

/** A container's environment as the kubelet gives it; Secret values are placeholders naming their key. */
function containerEnv(c: Record<string, any>): Map<string, string> {
  return new Map((c.env ?? []).map((e: any) => [e.name, e.value ?? `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`]));
}

const volumeOf = (o: KubeObject, name: string) => (podSpec(o).volumes as Record<string, any>[]).find((v) => v.name === name)!;

/**
 * The pod's /var/www/html after the kubelet mounted the volumes: the emptyDir, and for any mount
 * inside it, the mount point that the container runtime creates as root (a subPath file, its
 * parent directories).
 */
function mountedTree(r: Rendered, o: KubeObject, dir: string): PodTree {
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
      if (m.subPath && volume.configMap) writeFileSync(join(dir, relPath), configData(r.objects, volume.configMap.name, m.subPath));
      else mkdirSync(join(dir, relPath), { recursive: true });
      tree.owners.set(relPath, { uid: 0, mode: 0o444 });
    }
  }
  return tree;
}

/** Each pod of a PHP component shares one emptyDir as /var/www/html between all its containers. */
function htmlVolume(o: KubeObject): string | undefined {
  const pod = podSpec(o);
  const names = [...(pod.initContainers ?? []), ...pod.containers].map((c: any) => (c.volumeMounts ?? []).find((m: any) => m.mountPath === HTML)?.name);
  const name = names[0];
  return name && names.every((n) => n === name) && volumeOf(o, name).emptyDir ? name : undefined;
}

describe('Nextcloud pods: what the manifests give each pod before socle’s init step', () => {
  for (const [name, r] of rendered) {
    for (const [kind, component] of PHP_PODS) {
      it(`${name} ${component}: one emptyDir as /var/www/html in every container, nothing mounted inside it, so the entrypoint's copy leaves config/ writable (checkConfig)`, () => {
        const o = find(r.objects, kind, component);
        expect(htmlVolume(o)).toBe('html');
        const tree = mountedTree(r, o, join(work, 'structure', name, component));
        const src = imageSource(join(work, 'structure', name, `${component}-src`));
        // The first container of the pod that runs the image's entrypoint copies the code.
        const pod = podSpec(o);
        const first = [...(pod.initContainers ?? []), ...pod.containers].find((c: any) => c.command === undefined || c.command[0] === '/entrypoint.sh');
        expect(imageEntrypoint(tree, src, first.command?.slice(1) ?? ['php-fpm'], containerEnv(first))).toBe(true);
        expect(checkConfig(tree, {})).toEqual([]);
        // The config files of the image are there (the copy only happens into an empty config/).
        expect(existsSync(join(tree.root, 'config', 'apps.config.php'))).toBe(true);
      });
    }
  }

  it('the upstream port reproduces the old layout’s failure: a subPath mount inside /var/www/html leaves config/ root-owned', () => {
    const [, r] = rendered[0]!;
    const o = structuredClone(find(r.objects, 'Deployment', 'nextcloud-app'));
    podSpec(o).containers[0].volumeMounts.push({ name: 'socle', mountPath: `${HTML}/config/socle.config.php`, subPath: 'socle.config.php', readOnly: true });
    const tree = mountedTree(r, o, join(work, 'old-layout'));
    imageEntrypoint(tree, imageSource(join(work, 'old-layout-src')), ['php-fpm'], new Map());
    expect(checkConfig(tree, {})).toEqual(['Cannot write into "config" directory!']);
    expect(existsSync(join(tree.root, 'config', 'apps.config.php'))).toBe(false);
  });

  it('the readiness probe asks status.php with a Host the rendered config trusts (kubelet’s default, the pod IP, is not)', () => {
    for (const [, r] of rendered) {
      const probes = podSpec(find(r.objects, 'Deployment', 'nextcloud-app')).containers.map((c: any) => c.readinessProbe);
      const probe = probes.find((p: any) => p.httpGet?.path === '/status.php' || (p.exec?.command ?? []).some((a: string) => a.endsWith('/status.php')));
      expect(probe).toBeDefined();
      // httpGet sends Host: <pod IP> unless httpHeaders say otherwise; nextcloud-ready.php takes the host as its last argument.
      const host: string = probe.exec ? probe.exec.command[probe.exec.command.length - 1] : (probe.httpGet.httpHeaders?.find((h: any) => h.name === 'Host')?.value ?? '10.42.3.17');
      const trusted = [...configData(r.objects, 'nextcloud-config', 'socle.config.php').matchAll(/'trusted_domains' => array \(([^)]*)\)/g)][0]![1]!;
      const config: SystemConfig = { installed: true, trusted_domains: [...trusted.matchAll(/'([^']+)'/g)].map((m) => m[1]) };
      expect(isTrustedDomain(config, host)).toBe(true);
      expect(isTrustedDomain(config, '10.42.3.17:8080')).toBe(false);
    }
  });
});

describe('Nextcloud apps: exact versions, checked bytes, from where the egress rules allow', () => {
  for (const [name, r] of rendered) {
    it(`${name}: apps.json pins each app of nextcloud-apps.ts at its version and sha256, from the artifact store when there is one`, () => {
      const apps = JSON.parse(configData(r.objects, 'nextcloud-config', 'apps.json')) as { id: string; version: string; sha256: string; url: string }[];
      expect(apps.map((a) => [a.id, a.version, a.sha256])).toEqual(NEXTCLOUD_APPS.map((a) => [a.id, a.version, a.sha256]));
      for (const a of apps) {
        expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(a.url.startsWith(r.env.artifacts ? `${r.env.artifacts.url.replace(/\/$/, '')}/nextcloud-apps/` : 'https://github.com/')).toBe(true);
      }
    });

    it(`${name}: the pods that download them may reach the archives' port, and only they`, () => {
      const apps = JSON.parse(configData(r.objects, 'nextcloud-config', 'apps.json')) as { url: string }[];
      const ports = [...new Set(apps.map((a) => (new URL(a.url).port ? Number(new URL(a.url).port) : 443)))];
      const policies = r.objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'nextcloud' && o.metadata.name.endsWith('-to-app-archives'));
      expect(policies.map((p) => (p.spec as any).podSelector.matchLabels['app.kubernetes.io/component']).sort()).toEqual(PHP_PODS.map(([, c]) => c).sort());
      for (const p of policies) expect((p.spec as any).egress[0].ports.map((x: any) => x.port)).toEqual(ports);
    });
  }
});

/** oc_appconfig as the install Job leaves it (socle's record, the apps' installed_version); no rows: no Nextcloud schema yet. */
function database(file: string, rows?: [string, string, string][]): string {
  const sql = rows ? ['CREATE TABLE oc_appconfig (appid TEXT, configkey TEXT, configvalue TEXT)', ...rows.map((row) => `INSERT INTO oc_appconfig VALUES (${row.map((v) => `'${v}'`).join(', ')})`)] : [];
  execFileSync('php', ['-r', `$db = new PDO('sqlite:' . $argv[1]); foreach (array_slice($argv, 2) as $q) $db->exec($q);`, file, ...sql]);
  return `sqlite:${file}`;
}

/** Config::readData in real PHP: config.php, then every *.config.php in natural order, merged; with the container's environment. */
const READ_CONFIG = `<?php
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
echo json_encode($cache);
`;

interface Started {
  tree: PodTree;
  prepare: { status: number | null; output: string };
  config: SystemConfig;
  apps: Record<string, AppState>;
  codeVersion: string;
}

/** Serves the app archives on 127.0.0.1, as the artifact store would. */
async function archiveServer(files: Map<string, Buffer>): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    res.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  return { server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe.skipIf(!PHP)('Nextcloud pods started with socle’s init step in real PHP', () => {
  let archives: { server: Server; base: string };
  const files = new Map<string, Buffer>();
  const shas = new Map<string, string>();

  beforeAll(async () => {
    const dir = join(work, 'archives');
    mkdirSync(dir, { recursive: true });
    for (const app of NEXTCLOUD_APPS) {
      const bytes = appArchive(dir, app.id, app.version);
      files.set(`/${app.id}.tar.gz`, bytes);
      shas.set(app.id, createHash('sha256').update(bytes).digest('hex'));
    }
    files.set('/tampered.tar.gz', appArchive(dir, 'onlyoffice', '9.6.0'));
    archives = await archiveServer(files);
  });
  afterAll(() => archives.server.close());

  /** The pod from its manifest: mounts, the init container (image entrypoint, then nextcloud-prepare.php), then the main container's entrypoint. */
  async function startPod(r: Rendered, kind: string, component: string, label: string, db: string, appsOverride?: (apps: any[]) => any[]): Promise<Started> {
    const o = find(r.objects, kind, component);
    const dir = join(work, 'pods', label);
    const tree = mountedTree(r, o, join(dir, 'html'));
    const src = imageSource(join(dir, 'src'));
    const socle = join(dir, 'socle');
    mkdirSync(socle, { recursive: true });
    for (const [file, content] of Object.entries(find(r.objects, 'ConfigMap', volumeOf(o, 'socle').configMap.name).data as Record<string, string>)) writeFileSync(join(socle, file), content);
    // The archives are served here; the rendered addresses and checksums are checked above.
    const apps = (JSON.parse(readFileSync(join(socle, 'apps.json'), 'utf8')) as any[]).map((a) => ({ ...a, url: `${archives.base}/${a.id}.tar.gz`, sha256: shas.get(a.id) }));
    writeFileSync(join(socle, 'apps.json'), JSON.stringify(appsOverride ? appsOverride(apps) : apps));

    const init = podSpec(o).initContainers[0];
    const initEnv = containerEnv(init);
    imageEntrypoint(tree, src, init.command.slice(1), initEnv);
    expect(init.command.slice(1)).toEqual(['php', '/socle/nextcloud-prepare.php', 'prepare']);
    // Asynchronously: the archive server answers from this process.
    const prepare = await run('php', [join(socle, 'nextcloud-prepare.php'), 'prepare'], {
      env: { PATH: process.env['PATH'], ...Object.fromEntries(initEnv), NEXTCLOUD_ROOT: tree.root, SOCLE_CONFIG_FILE: join(socle, 'socle.config.php'), SOCLE_APPS_FILE: join(socle, 'apps.json'), SOCLE_DB_DSN: db, SOCLE_WAIT_SECONDS: '0', SOCLE_WAIT_INTERVAL: '0' },
      encoding: 'utf8',
    }).then(
      (out) => ({ status: 0, stdout: out.stdout, stderr: out.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ status: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
    );
    const main = podSpec(o).containers[0];
    // The main container's entrypoint (php-fpm) finds the code already at the image's version.
    if (main.command === undefined) expect(imageEntrypoint(tree, src, ['php-fpm'], containerEnv(main))).toBe(false);
    const config = JSON.parse(execFileSync('php', ['-r', READ_CONFIG.replace('<?php', ''), tree.root], { env: { PATH: process.env['PATH'], ...Object.fromEntries(containerEnv(main)) }, encoding: 'utf8' }) || '{}') as SystemConfig;
    const appStates: Record<string, AppState> = {};
    for (const app of NEXTCLOUD_APPS) {
      const info = join(tree.root, 'custom_apps', app.id, 'appinfo', 'info.xml');
      appStates[app.id] = { code: existsSync(info) ? /<version>([^<]+)</.exec(readFileSync(info, 'utf8'))![1]! : undefined, installed: app.version, enabled: true };
    }
    return { tree, prepare: { status: prepare.status, output: `${prepare.stdout}${prepare.stderr}` }, config, apps: appStates, codeVersion: versionPhpVersion(join(tree.root, 'version.php')) };
  }

  /** The database after the install Job of this release: its record, and app:enable's installed_version. */
  const afterInstallJob = (file: string, release = nextcloudRelease()) =>
    database(file, [['socle', 'version', IMAGE_VERSION.join('.')], ['socle', 'release', release], ...NEXTCLOUD_APPS.map((a): [string, string, string] => [a.id, 'installed_version', a.version])]);

  for (const [name, r] of rendered) {
    for (const [kind, component] of PHP_PODS.slice(0, 2)) {
      it(`${name} ${component}: installed at the image's version, .ncdata present, the pinned apps in place: no upgrade page, no checkServer error, status.php ready for the probe's Host`, async () => {
        const pod = await startPod(r, kind, component, `${name}-${component}`, afterInstallJob(join(work, `${name}-${component}.db`)));
        expect(pod.prepare).toMatchObject({ status: 0 });
        expect(pod.config).toMatchObject({ installed: true, version: pod.codeVersion });
        const upgrade = needUpgrade(pod.config, pod.codeVersion, pod.apps);
        expect(upgrade).toBe(false);
        expect(checkConfig(pod.tree, pod.config)).toEqual([]);
        expect(checkServer(pod.tree, pod.config, upgrade)).toEqual([]);
        expect(existsSync(join(pod.tree.root, 'config', 'CAN_INSTALL'))).toBe(false);

        // What the rendered socle.config.php gives Nextcloud in this pod, evaluated by PHP with the pod's environment.
        const s3 = new URL(clusterS3(r.env).endpoint);
        expect(pod.config).toMatchObject({
          instanceid: 'secret:nextcloud-instance/instance-id',
          secret: 'secret:nextcloud-instance/secret',
          passwordsalt: 'secret:nextcloud-instance/password-salt',
          appstoreenabled: false,
          has_internet_connection: false,
          redis: { host: 'valkey.nextcloud.svc.cluster.local', port: 6379, password: `secret:${VALKEY_SECRET}/password` },
          onlyoffice: { jwt_secret: 'secret:onlyoffice-jwt/secret' },
          objectstore: { arguments: { hostname: s3.hostname, port: s3.port === '' ? 443 : Number(s3.port), key: 'secret:apps-s3/access-key', use_ssl: true } },
        });

        if (kind === 'Deployment') {
          const probe = podSpec(find(r.objects, kind, component)).containers[0].readinessProbe.exec.command as string[];
          const host = probe[probe.length - 1]!;
          expect(statusPhp(pod.tree, pod.config, pod.codeVersion, pod.apps, '10.42.3.17').code).toBe(400);
          const answer = statusPhp(pod.tree, pod.config, pod.codeVersion, pod.apps, host);
          expect(answer.code).toBe(200);
          // The readiness script, in real PHP, against a status.php that answers as the port says.
          const server = createServer((req, res) => {
            const a = statusPhp(pod.tree, pod.config, pod.codeVersion, pod.apps, req.headers.host ?? '');
            res.writeHead(a.code, { 'Content-Type': 'application/json' }).end(a.body);
          });
          await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
          const port = (server.address() as { port: number }).port;
          const readiness = (apps: Record<string, AppState>) => {
            Object.assign(pod.apps, apps);
            return run('php', [join(work, 'pods', `${name}-${component}`, 'socle', 'nextcloud-ready.php'), probe[2]!.replace('127.0.0.1:8080', `127.0.0.1:${port}`), host]).then(() => 'ready', () => 'not ready');
          };
          try {
            expect(probe.slice(0, 3)).toEqual(['php', '/socle/nextcloud-ready.php', 'http://127.0.0.1:8080/status.php']);
            expect(await readiness({})).toBe('ready');
            // A pod whose onlyoffice code differs from the installed version: status.php still answers 200, the probe says not ready.
            expect(await readiness({ onlyoffice: { code: '9.8.0', installed: '9.7.0', enabled: true } })).toBe('not ready');
          } finally {
            server.close();
          }
        }
      });
    }

    it(`${name} nextcloud-install: unpacks the apps, keeps config/ writable and CAN_INSTALL for the installer, and says "new" on an empty database`, async () => {
      const db = database(join(work, `${name}-install.db`));
      const pod = await startPod(r, 'Job', 'nextcloud-install', `${name}-install`, db);
      expect(pod.prepare).toMatchObject({ status: 0 });
      expect(checkConfig(pod.tree, {})).toEqual([]);
      expect(Object.values(pod.apps).map((a) => a.code)).toEqual(NEXTCLOUD_APPS.map((a) => a.version));
      expect(existsSync(join(pod.tree.root, 'config', 'CAN_INSTALL'))).toBe(true);
      const state = spawnSync('php', [join(work, 'pods', `${name}-install`, 'socle', 'nextcloud-prepare.php'), 'state'], { env: { PATH: process.env['PATH'], SOCLE_DB_DSN: db }, encoding: 'utf8' });
      expect(state.stdout).toBe('new\n');
    });
  }

  it('a serving pod of a new release waits for the install Job instead of serving its code on the old schema (K8)', async () => {
    const [name, r] = rendered[0]!;
    const pod = await startPod(r, 'Deployment', 'nextcloud-app', `${name}-new-release`, afterInstallJob(join(work, 'old-release.db'), 'nextcloud:31.0.8-fpm onlyoffice:9.6.0 notify_push:1.1.0'));
    expect(pod.prepare.status).toBe(1);
    expect(pod.prepare.output).toContain('has not brought the database to');
    expect(pod.config['installed']).toBeUndefined();
  });

  it('refuses an archive whose SHA-256 is not the pinned one, before anything is unpacked', async () => {
    const [name, r] = rendered[0]!;
    const pod = await startPod(r, 'Deployment', 'nextcloud-app', `${name}-tampered`, afterInstallJob(join(work, 'tampered.db')), (apps) =>
      apps.map((a) => (a.id === 'onlyoffice' ? { ...a, url: `${archives.base}/tampered.tar.gz` } : a)),
    );
    expect(pod.prepare.status).toBe(1);
    expect(pod.prepare.output).toContain('not the pinned');
    expect(pod.apps['onlyoffice']!.code).toBeUndefined();
  });

  it('without the init step, the same pod answers 503 or the upgrade page: the review’s K3, reproduced by the port', () => {
    const [, r] = rendered[0]!;
    const o = find(r.objects, 'Deployment', 'nextcloud-app');
    const tree = mountedTree(r, o, join(work, 'no-init', 'html'));
    imageEntrypoint(tree, imageSource(join(work, 'no-init', 'src')), ['php-fpm'], new Map());
    // installed without version (the old socle.config.php): needUpgrade, whatever the code.
    expect(needUpgrade({ installed: true }, versionPhpVersion(join(tree.root, 'version.php')), {})).toBe(true);
    // installed at the right version but no .ncdata: checkServer's error page.
    expect(checkServer(tree, { installed: true, version: IMAGE_VERSION.join('.'), secret: 'x', instanceid: 'y', passwordsalt: 'z', appstoreenabled: false }, false)).toContain('Your data directory is invalid.');
  });
});
