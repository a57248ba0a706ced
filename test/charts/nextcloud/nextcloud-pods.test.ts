/**
 * Every Nextcloud pod of every shipped example, as it starts: the volumes and mounts its manifest
 * renders, the image's entrypoint (ported, nextcloud-upstream.ts), socle's init step
 * (charts/apps/nextcloud/nextcloud-prepare.php, run in real PHP when `php` is installed), then Nextcloud's own
 * start-up decisions (needUpgrade, checkConfig, checkServer, the trusted-domain check of status.php)
 * on the files the pod then has, and the readiness probe (real PHP) against that status.php.
 * Without PHP (`apt-get install php-cli php-sqlite3 php-xml`), the parts that run it are skipped.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEXTCLOUD_APPS } from '../../../charts/apps/nextcloud/nextcloud-apps.js';
import { configData, EXAMPLE_NAMES, find, loadExample, podSpec, render, type Rendered } from '../examples.js';
import { phpCliAvailability } from '../../real/programs/nginx-php-fpm.js';
import { afterInstallJob, appConfigDatabase, archiveServer, htmlVolume, HTML, IMAGE_VERSION, imageSource, mountedTree, PHP_PODS, placeholderEnv, startPod } from './nextcloud-pod-tree.js';
import { checkConfig, checkServer, imageEntrypoint, isTrustedDomain, needUpgrade, statusPhp, versionPhpVersion, type AppState, type SystemConfig } from './nextcloud-upstream.js';

const { missing: noPhp } = phpCliAvailability();
if (noPhp) console.warn(`nextcloud-pods.test: ${noPhp}: the real-PHP parts are skipped`);
const run = promisify(execFile);

const rendered: [string, Rendered][] = EXAMPLE_NAMES.map((name) => [name, render(loadExample(name))]);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'socle-nextcloud-pods-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Nextcloud pods: what the manifests give each pod before socle’s init step', () => {
  for (const [name, r] of rendered) {
    for (const [kind, component] of PHP_PODS) {
      it(`${name} ${component}: one emptyDir as /var/www/html in every container, nothing mounted inside it, so the entrypoint's copy leaves config/ writable (checkConfig)`, () => {
        const o = find(r.objects, kind, component);
        expect(htmlVolume(o)).toBe('html');
        const tree = mountedTree(r.objects, o, join(work, 'structure', name, component));
        const src = imageSource(join(work, 'structure', name, `${component}-src`));
        // The first container of the pod that runs the image's entrypoint copies the code.
        const pod = podSpec(o);
        const first = [...(pod.initContainers ?? []), ...pod.containers].find((c: any) => c.command === undefined || c.command[0] === '/entrypoint.sh');
        expect(imageEntrypoint(tree, src, first.command?.slice(1) ?? ['php-fpm'], placeholderEnv(first))).toBe(true);
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
    const tree = mountedTree(r.objects, o, join(work, 'old-layout'));
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

describe.skipIf(noPhp !== undefined)('Nextcloud pods started with socle’s init step in real PHP', () => {
  let archives: Awaited<ReturnType<typeof archiveServer>>;
  beforeAll(async () => {
    archives = await archiveServer(join(work, 'archives'));
  });
  afterAll(() => archives.server.close());
  const podOf = (r: Rendered, kind: string, component: string, label: string, db: string, options?: Parameters<typeof startPod>[6]) =>
    startPod(r.objects, archives, kind, component, join(work, 'pods', label), db, options);

  for (const [name, r] of rendered) {
    for (const [kind, component] of PHP_PODS.slice(0, 2)) {
      it(`${name} ${component}: installed at the image's version, .ncdata present, the pinned apps in place: no upgrade page, no checkServer error, status.php ready for the probe's Host`, async () => {
        const pod = await podOf(r, kind, component, `${name}-${component}`, afterInstallJob(join(work, `${name}-${component}.db`)));
        expect(pod.prepare).toMatchObject({ status: 0 });
        expect(pod.config).toMatchObject({ installed: true, version: pod.codeVersion });
        const upgrade = needUpgrade(pod.config, pod.codeVersion, pod.apps);
        expect(upgrade).toBe(false);
        expect(checkConfig(pod.tree, pod.config)).toEqual([]);
        expect(checkServer(pod.tree, pod.config, upgrade)).toEqual([]);
        expect(existsSync(join(pod.tree.root, 'config', 'CAN_INSTALL'))).toBe(false);

        // What the rendered *.config.php files give Nextcloud: nextcloud-config.program.test.ts.

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
            return run('php', [join(pod.socle, 'nextcloud-ready.php'), probe[2]!.replace('127.0.0.1:8080', `127.0.0.1:${port}`), host]).then(() => 'ready', () => 'not ready');
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
      const db = appConfigDatabase(join(work, `${name}-install.db`));
      const pod = await podOf(r, 'Job', 'nextcloud-install', `${name}-install`, db);
      expect(pod.prepare).toMatchObject({ status: 0 });
      expect(checkConfig(pod.tree, {})).toEqual([]);
      expect(Object.values(pod.apps).map((a) => a.code)).toEqual(NEXTCLOUD_APPS.map((a) => a.version));
      expect(existsSync(join(pod.tree.root, 'config', 'CAN_INSTALL'))).toBe(true);
      const state = spawnSync('php', [join(pod.socle, 'nextcloud-prepare.php'), 'state'], { env: { PATH: process.env['PATH'], SOCLE_DB_DSN: db }, encoding: 'utf8' });
      expect(state.stdout).toBe('new\n');
    });
  }

  it('a serving pod of a new release waits for the install Job instead of serving its code on the old schema (K8)', async () => {
    const [name, r] = rendered[0]!;
    const pod = await podOf(r, 'Deployment', 'nextcloud-app', `${name}-new-release`, afterInstallJob(join(work, 'old-release.db'), 'nextcloud:31.0.8-fpm onlyoffice:9.6.0 notify_push:1.1.0'));
    expect(pod.prepare.status).toBe(1);
    expect(pod.prepare.output).toContain('has not brought the database to');
    expect(pod.config['installed']).toBeUndefined();
  });

  it('refuses an archive whose SHA-256 is not the pinned one, before anything is unpacked', async () => {
    const [name, r] = rendered[0]!;
    const pod = await podOf(r, 'Deployment', 'nextcloud-app', `${name}-tampered`, afterInstallJob(join(work, 'tampered.db')), {
      apps: (apps) => apps.map((a) => (a.id === 'onlyoffice' ? { ...a, url: `${archives.base}/tampered.tar.gz` } : a)),
    });
    expect(pod.prepare.status).toBe(1);
    expect(pod.prepare.output).toContain('not the pinned');
    expect(pod.apps['onlyoffice']!.code).toBeUndefined();
  });

  it('without the init step, the same pod answers 503 or the upgrade page: the review’s K3, reproduced by the port', () => {
    const [, r] = rendered[0]!;
    const o = find(r.objects, 'Deployment', 'nextcloud-app');
    const tree = mountedTree(r.objects, o, join(work, 'no-init', 'html'));
    imageEntrypoint(tree, imageSource(join(work, 'no-init', 'src')), ['php-fpm'], new Map());
    // installed without version (the old socle.config.php): needUpgrade, whatever the code.
    expect(needUpgrade({ installed: true }, versionPhpVersion(join(tree.root, 'version.php')), {})).toBe(true);
    // installed at the right version but no .ncdata: checkServer's error page.
    expect(checkServer(tree, { installed: true, version: IMAGE_VERSION.join('.'), secret: 'x', instanceid: 'y', passwordsalt: 'z', appstoreenabled: false }, false)).toContain('Your data directory is invalid.');
  });
});
