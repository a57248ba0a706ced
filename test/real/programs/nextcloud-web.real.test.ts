/**
 * socle's Nextcloud web tier in the real programs: the `nextcloud-nginx` site in nginx, the
 * `nextcloud-fpm` pool and PHP settings in PHP-FPM, as the app pod runs them (the two containers
 * share the document root and talk over 127.0.0.1:9000), with real HTTP requests.
 *
 * Changed to run here, and only that: the site's `listen 8080` and its upstream's
 * `127.0.0.1:9000` become free loopback ports, its `root /var/www/html` a temporary folder. The
 * document root is a stand-in: tiny PHP files at the paths Nextcloud 31 has (index.php,
 * status.php, remote.php, public.php, cron.php, ocs/v1.php, ocs/v2.php, core/ajax/update.php) that
 * answer with what FPM gave them (SCRIPT_NAME, PATH_INFO…), static files, and the config/ and
 * data/ folders that must never be served. status.php stands in for Nextcloud's with its
 * trusted-domain gate (lib/base.php OC::init answers 400 "Access through untrusted domain"),
 * reading trusted_domains from socle's rendered socle.config.php where the prepare step puts it.
 * The readiness probe is socle's own nextcloud-ready.php from the `nextcloud-config` ConfigMap,
 * run by the real PHP with the probe's arguments (its URL's port rewritten).
 *
 * What Nextcloud's documented site requires is nextcloud/docker@c8211b86 ("Bump stable to
 * 31.0.9") .examples/docker-compose/insecure/postgres/fpm/web/nginx.conf, the admin manual's
 * nginx-root.conf.sample of that release line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES } from '../../../charts/images.js';
import { describeProgram, type ProgramAvailability } from '../harness/program-suite.js';
import { freePorts } from './local-ports.js';
import { giveToPodUser, NEXTCLOUD_IMAGE_PHP, nginxAvailability, phpFpmAvailability, startNginx, startPhpFpm, writeFiles, type Running } from './nginx-php-fpm.js';
import { configMapFile, containerEnv, findObject, synthesized, withStandIns } from './synthesized-manifests.js';

const { objects, secretValue } = synthesized('pilot');
const pod = (findObject(objects, 'Deployment', 'nextcloud', 'nextcloud-app').spec as any).template.spec;
const fpmContainer = pod.containers.find((c: any) => c.name === 'php-fpm');
const nginxContainer = pod.containers.find((c: any) => c.name === 'nginx');
const site = configMapFile(objects, 'nextcloud', 'nextcloud-nginx', 'nextcloud.conf');
const fpmFiles = findObject(objects, 'ConfigMap', 'nextcloud', 'nextcloud-fpm').data as Record<string, string>;
const socleConfig = configMapFile(objects, 'nextcloud', 'nextcloud-config', 'socle.config.php');
const readyScript = configMapFile(objects, 'nextcloud', 'nextcloud-config', 'nextcloud-ready.php');
// Keys the operator gives through Pulumi config (the S3 keys) get a stand-in value: no request here uses them.
const fpmEnv = containerEnv(fpmContainer, withStandIns(secretValue));
const probe: string[] = fpmContainer.readinessProbe.exec.command;
const trustedHost = probe[3]!;

/** Where the pod mounts each file of nextcloud-fpm, by key: php-fpm.d pool files and conf.d ini files. */
const mountedAt = (key: string) => fpmContainer.volumeMounts.find((m: any) => m.subPath === key)?.mountPath as string;

/** Answers with what FPM handed the script (fastcgi_param values are in $_SERVER). */
const ECHO_PHP = `<?php
header('Content-Type: application/json');
$s = $_SERVER;
echo json_encode(['file' => substr(__FILE__, strlen(rtrim($s['DOCUMENT_ROOT'], '/'))), 'SCRIPT_NAME' => $s['SCRIPT_NAME'] ?? null, 'PATH_INFO' => $s['PATH_INFO'] ?? null,
  'HTTPS' => $s['HTTPS'] ?? null, 'front_controller_active' => $s['front_controller_active'] ?? null, 'modHeadersAvailable' => $s['modHeadersAvailable'] ?? null, 'method' => $s['REQUEST_METHOD']]
  + (isset($_GET['ini']) ? ['session.save_handler' => ini_get('session.save_handler'), 'session.save_path' => ini_get('session.save_path')] : []));
`;
const STATUS_PHP = `<?php
// Stand-in of Nextcloud's status.php behind OC::init's trusted-domain check (lib/base.php, lib/private/Security/TrustedDomainHelper.php: host without port, case-insensitive).
require __DIR__ . '/config/socle.config.php';
$host = strtolower(preg_replace('/:\\d+$/', '', $_SERVER['HTTP_HOST'] ?? ''));
if (!in_array($host, array_map('strtolower', $CONFIG['trusted_domains']), true)) { http_response_code(400); echo 'Access through untrusted domain'; exit; }
header('Content-Type: application/json');
echo json_encode(['installed' => true, 'maintenance' => false, 'needsDbUpgrade' => false, 'version' => '31.0.9.1', 'versionstring' => '31.0.9', 'edition' => '', 'productname' => 'Nextcloud', 'extendedSupport' => false]);
`;
const SECRET_MARK = 'this-must-never-be-served';
const DOCUMENT_ROOT: Record<string, string> = {
  ...Object.fromEntries(['index.php', 'remote.php', 'public.php', 'cron.php', 'ocs/v1.php', 'ocs/v2.php', 'core/ajax/update.php', 'apps/files/ajax/list.php'].map((p) => [p, ECHO_PHP])),
  'status.php': STATUS_PHP,
  'core/css/server.css': 'body{}\n',
  'core/js/main.js': 'void 0;\n',
  'core/js/main.mjs': 'export {};\n',
  'core/img/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
  'core/fonts/NotoSans.woff2': 'wOF2',
  '.well-known/acme-challenge/token-1': 'acme-token-1\n',
  'config/config.php': `<?php $CONFIG = ['secret' => '${SECRET_MARK}'];\n`,
  'config/socle.config.php': socleConfig,
  'data/alice/files/report.txt': `${SECRET_MARK}\n`,
  'data/nextcloud.log': `${SECRET_MARK}\n`,
  'lib/base.php': `<?php echo '${SECRET_MARK}';\n`,
  '3rdparty/autoload.php': `<?php echo '${SECRET_MARK}';\n`,
  'templates/layout.php': `<?php echo '${SECRET_MARK}';\n`,
  'build/files.txt': `${SECRET_MARK}\n`,
  'tests/bootstrap.php': `<?php echo '${SECRET_MARK}';\n`,
  '.htaccess': `${SECRET_MARK}\n`,
  '.user.ini': `${SECRET_MARK}\n`,
  occ: `<?php echo '${SECRET_MARK}';\n`,
  'console.php': `<?php echo '${SECRET_MARK}';\n`,
};

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function availability(): ProgramAvailability {
  const nginx = nginxAvailability(/:(\d+\.\d+\.\d+)/.exec(IMAGES.nginx)![1]!);
  const fpm = phpFpmAvailability('');
  if (nginx.missing || fpm.missing) return { missing: [nginx.missing, fpm.missing].filter(Boolean).join('; ') };
  return nginx;
}


describeProgram('nginx', availability(), () => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-nextcloud-web-'));
  const docroot = join(dir, 'html');
  let httpPort: number;
  let fpmPort: number;
  let nginx: Running & { test(): { status: number | null; output: string } };
  let fpm: Running & { pid: number };

  beforeAll(async () => {
    [httpPort, fpmPort] = (await freePorts(2)) as [number, number];
    const rewrites: [RegExp, string][] = [
      [/^ {2}listen 8080;$/m, `  listen 127.0.0.1:${httpPort};`],
      [/server 127\.0\.0\.1:9000;/, `server 127.0.0.1:${fpmPort};`],
      [/^ {2}root \/var\/www\/html;$/m, `  root ${docroot};`],
    ];
    const localSite = rewrites.reduce((text, [pattern, by]) => {
      if (!pattern.test(text)) throw new Error(`socle's nextcloud.conf has no ${pattern}: the local rewrite needs updating`);
      return text.replace(pattern, by);
    }, site);
    writeFiles(docroot, DOCUMENT_ROOT);
    giveToPodUser(dir);
    const pools = Object.fromEntries(Object.entries(fpmFiles).filter(([k]) => mountedAt(k)?.startsWith('/usr/local/etc/php-fpm.d/')));
    const inis = Object.fromEntries(Object.entries(fpmFiles).filter(([k]) => mountedAt(k)?.startsWith('/usr/local/etc/php/conf.d/')));
    expect(Object.keys(pools).length + Object.keys(inis).length).toBe(Object.keys(fpmFiles).length);
    fpm = await startPhpFpm(dir, fpmPort, pools, inis, fpmEnv);
    nginx = await startNginx(dir, { 'nextcloud.conf': localSite }, httpPort);
  });
  afterAll(async () => {
    await nginx?.stop();
    await fpm?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, options: { method?: string; headers?: Record<string, string> } = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: httpPort, path, method: options.method ?? 'GET', headers: { host: trustedHost, ...options.headers } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  const fromFpm = async (path: string, method = 'GET') => {
    const reply = await get(path, { method });
    expect({ path, status: reply.status, type: reply.headers['content-type'] }).toEqual({ path, status: 200, type: 'application/json' });
    return JSON.parse(reply.body) as Record<string, string | null>;
  };

  it('accepts the site: nginx -t passes in the image\'s layout, with no warning', () => {
    const t = nginx.test();
    expect(t.status).toBe(0);
    expect(t.output.split('\n').filter((l) => /\[(warn|emerg|alert)\]/.test(l))).toEqual([]);
    // The pod mounts the ConfigMap as the whole conf.d: socle's site is the only one.
    expect(nginxContainer.volumeMounts.find((m: any) => m.name === 'nginx').mountPath).toBe('/etc/nginx/conf.d');
  });

  it.each([
    ['/index.php', '/index.php', ''],
    ['/index.php/apps/files/', '/index.php', '/apps/files/'],
    ['/apps/files/', '/index.php', '/apps/files/'],
    ['/remote.php/dav/files/alice/report.txt', '/remote.php', '/dav/files/alice/report.txt'],
    ['/public.php/dav/files/s3cr3tT0ken/', '/public.php', '/dav/files/s3cr3tT0ken/'],
    ['/ocs/v2.php/cloud/capabilities?format=json', '/ocs/v2.php', '/cloud/capabilities'],
    ['/ocs/v1.php/cloud/users', '/ocs/v1.php', '/cloud/users'],
    ['/cron.php', '/cron.php', ''],
    ['/core/ajax/update.php', '/core/ajax/update.php', ''],
    // Legacy PHP paths go through the front controller (the site's rewrite).
    ['/apps/files/ajax/list.php', '/index.php', '/apps/files/ajax/list.php'],
    ['/index.php/.well-known/webfinger?resource=acct:alice', '/index.php', '/.well-known/webfinger'],
  ])('GET %s reaches FPM as SCRIPT_NAME %s, PATH_INFO "%s", with the front controller on and HTTPS', async (path, scriptName, pathInfo) => {
    expect(await fromFpm(path)).toEqual({ file: scriptName, SCRIPT_NAME: scriptName, PATH_INFO: pathInfo, HTTPS: 'on', front_controller_active: 'true', modHeadersAvailable: 'true', method: 'GET' });
  });

  it('hands /status.php to FPM (the stand-in answers as an installed Nextcloud)', async () => {
    expect(await fromFpm('/status.php')).toMatchObject({ installed: true, maintenance: false });
  });

  it('passes WebDAV methods to remote.php', async () => {
    expect(await fromFpm('/remote.php/dav/files/alice/', 'PROPFIND')).toMatchObject({ SCRIPT_NAME: '/remote.php', PATH_INFO: '/dav/files/alice/', method: 'PROPFIND' });
  });

  it.each([
    ['/.well-known/caldav', '/remote.php/dav/'],
    ['/.well-known/carddav', '/remote.php/dav/'],
    ['/.well-known/webfinger?resource=acct:alice', '/index.php/.well-known/webfinger?resource=acct:alice'],
    ['/.well-known/nodeinfo', '/index.php/.well-known/nodeinfo'],
    // A folder without its slash: nginx's own redirect.
    ['/core/css', '/core/css/'],
  ])('redirects %s to %s, on the host and scheme the client used (no http:// nor the pod\'s port 8080)', async (path, location) => {
    const reply = await get(path);
    expect({ status: reply.status, location: reply.headers.location }).toEqual({ status: 301, location });
  });

  it('serves the ACME challenge files from the document root, and 404 for a missing one', async () => {
    expect(await get('/.well-known/acme-challenge/token-1')).toMatchObject({ status: 200, body: 'acme-token-1\n' });
    expect((await get('/.well-known/acme-challenge/none')).status).toBe(404);
  });

  it('sends Windows WebDAV clients at / to remote.php', async () => {
    const reply = await get('/', { headers: { 'user-agent': 'DavClnt' } });
    expect({ status: reply.status, location: reply.headers.location }).toEqual({ status: 302, location: '/remote.php/webdav/' });
  });

  it.each([
    '/config/config.php', '/config/socle.config.php', '/config/', '/data/alice/files/report.txt', '/data/nextcloud.log', '/data',
    '/lib/base.php', '/3rdparty/autoload.php', '/templates/layout.php', '/build/files.txt', '/tests/bootstrap.php',
    '/.htaccess', '/.user.ini', '/occ', '/console.php',
  ])('refuses %s (404) without running or showing it', async (path) => {
    const reply = await get(path);
    expect({ path, status: reply.status }).toEqual({ path, status: 404 });
    expect(reply.body).not.toContain(SECRET_MARK);
  });

  it.each([
    ['/core/css/server.css', 'text/css'],
    ['/core/js/main.js', /^(?:application|text)\/javascript$/],
    // Browsers run ES modules only with a JavaScript type (and nosniff forbids guessing); Nextcloud 31's setup check says so.
    ['/core/js/main.mjs', 'text/javascript'],
    ['/core/img/logo.svg', 'image/svg+xml'],
    ['/core/fonts/NotoSans.woff2', 'font/woff2'],
  ])('serves %s itself, as %s, with a cache lifetime', async (path, type: string | RegExp) => {
    const reply = await get(path);
    expect({ path, status: reply.status, type: reply.headers['content-type'] }).toEqual({ path, status: 200, type: typeof type === 'string' ? type : expect.stringMatching(type) });
    expect(reply.headers['cache-control']).toMatch(/max-age=\d+/);
  });

  it('answers /healthz itself (the kubelet\'s probe of the nginx container)', async () => {
    expect(nginxContainer.readinessProbe.httpGet.path).toBe('/healthz');
    expect((await get('/healthz', { headers: { host: '10.42.0.17:8080' } })).status).toBe(200);
  });

  describe('the headers socle sets', () => {
    const expected = [...site.matchAll(/^ {2}add_header (\S+) "([^"]*)" always;$/gm)].map((m) => [m[1]!.toLowerCase(), m[2]!] as const);

    it.each(['/status.php', '/apps/files/', '/core/css/server.css', '/core/js/main.mjs', '/config/config.php', '/.well-known/caldav', '/healthz'])('are on the answer to %s, and PHP\'s X-Powered-By and nginx\'s version are not', async (path) => {
      expect(expected.map(([name]) => name)).toEqual(['referrer-policy', 'x-content-type-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-robots-tag']);
      const reply = await get(path);
      expect(Object.fromEntries(expected.map(([name]) => [name, reply.headers[name]]))).toEqual(Object.fromEntries(expected));
      expect(reply.headers['x-powered-by']).toBeUndefined();
      expect(reply.headers.server).toBe('nginx');
    });
  });

  describeProgram('php-fpm', phpFpmAvailability(NEXTCLOUD_IMAGE_PHP), () => {
    it("runs socle's pool settings: as many workers as zz-socle.conf fixes", () => {
      const children = Number(/^pm\.max_children = (\d+)$/m.exec(fpmFiles['zz-socle.conf']!)![1]);
      expect(/^pm = (\S+)$/m.exec(fpmFiles['zz-socle.conf']!)![1]).toBe('static');
      const workers = spawnSync('pgrep', ['-P', String(fpm.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
      expect(workers).toHaveLength(children);
    });

    it("reads socle's session settings, with the Valkey password from the pod's environment", async () => {
      expect(await fromFpm('/index.php?ini=1')).toMatchObject({
        'session.save_handler': 'redis',
        'session.save_path': `tcp://valkey.nextcloud.svc.cluster.local:6379?auth=${fpmEnv.REDIS_HOST_PASSWORD}`,
      });
    });

    it("is ready by socle's readiness probe: status.php with the trusted host, through this nginx", () => {
      expect(probe.slice(0, 3)).toEqual(['php', '/socle/nextcloud-ready.php', 'http://127.0.0.1:8080/status.php']);
      const script = join(dir, 'nextcloud-ready.php');
      writeFiles(dir, { 'nextcloud-ready.php': readyScript });
      const run = (host: string) => spawnSync('php', [script, `http://127.0.0.1:${httpPort}/status.php`, host], { encoding: 'utf8' });
      expect(run(trustedHost)).toMatchObject({ status: 0, stderr: '' });
      // The kubelet's own httpGet would come with the pod's address: Nextcloud refuses it.
      expect(run('10.42.0.17')).toMatchObject({ status: 1, stderr: 'not ready: HTTP/1.1 400 Bad Request\n' });
    });
  });
});

