/**
 * A Nextcloud upgrade across pods, in real PHP and a real shell: the synthesized pilot example's
 * install Job script (`install.sh` of ConfigMap nextcloud-install, run by this machine's sh) with
 * socle's nextcloud-prepare.php, while pods of the previous release keep running with socle's
 * shared-maintenance.config.php and nextcloud-ready.php, all against one database (SQLite standing
 * for PostgreSQL: the same oc_appconfig rows).
 *
 * Nextcloud itself can't run here (its code isn't on this machine): `occ` is a stand-in that does
 * what the script relies on and nothing more, after core/Command/Upgrade.php and
 * lib/private/Updater.php upgrade (stable31): `upgrade` upgrades only when the code is newer than
 * config.php's version, refuses (exit 2) when not and config.php says maintenance, turns
 * maintenance on in its own pod's config.php, migrates (here: waits for the test to say how it
 * ends), then on success records the new version and turns maintenance off, on failure exits 5
 * and keeps it on. What each pod answers comes from the ports of nextcloud-upstream.ts (status.php,
 * index.php's maintenance and upgrade pages, cron.php's first checks), fed with the system config
 * that real PHP evaluates from the pod's config folder with the pod's environment.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextcloudRelease } from '../../../charts/apps/nextcloud/nextcloud-apps.js';
import { describeProgram } from '../../real/harness/program-suite.js';
import { phpCliAvailability } from '../../real/programs/nginx-php-fpm.js';
import { configMapFile, findObject, synthesized } from '../../real/programs/synthesized-manifests.js';
import { podSpec } from '../examples.js';
import { relocator } from '../process-argv.js';
import { afterInstallJob, appConfigDatabase, archiveServer, HTML, IMAGE_VERSION, placeholderEnv, socleRecord, startPod, systemConfig, type PodOptions, type Started } from './nextcloud-pod-tree.js';
import { cronPhpSkips, indexPhp, statusPhp } from './nextcloud-upstream.js';

const run = promisify(execFile);
const OLD_VERSION = [31, 0, 8, 1];
const OLD_RELEASE = 'nextcloud:31.0.8-fpm onlyoffice:9.7.0 notify_push:1.1.0';
const OLD: PodOptions = { env: { SOCLE_RELEASE: OLD_RELEASE }, imageVersion: OLD_VERSION };

/** `occ` in the install Job's pod (see the top of this file); every call is logged to OCC_LOG. */
const OCC = `<?php
$root = __DIR__;
$file = "$root/config/config.php";
$CONFIG = [];
if (is_file($file)) include $file;
$save = function () use (&$CONFIG, $file) { file_put_contents($file, "<?php\\n\\$CONFIG = " . var_export($CONFIG, true) . ";\\n"); };
include "$root/version.php";
$code = implode('.', $OC_Version);
$args = array_slice($argv, 1);
file_put_contents(getenv('OCC_LOG'), implode(' ', $args) . (($args[0] ?? '') === 'upgrade' ? ' (maintenance ' . (empty($CONFIG['maintenance']) ? 'off' : 'on') . ')' : '') . "\\n", FILE_APPEND);
switch ($args[0] ?? '') {
	case 'upgrade':
		if (!version_compare($code, $CONFIG['version'] ?? '0.0.0', '>')) {
			if (!empty($CONFIG['maintenance'])) { echo "Nextcloud is in maintenance mode\\n"; exit(2); }
			echo "Nextcloud is already latest version\\n"; exit(0);
		}
		$was = !empty($CONFIG['maintenance']);
		if (!$was) { $CONFIG['maintenance'] = true; $save(); echo "Turned on maintenance mode\\n"; }
		touch("$root/occ-upgrading");
		while (!is_file("$root/occ-upgrade-ends")) usleep(20000);
		$ends = trim(file_get_contents("$root/occ-upgrade-ends"));
		unlink("$root/occ-upgrade-ends");
		unlink("$root/occ-upgrading");
		if ($ends !== 'success') { echo "Update failed\\nMaintenance mode is kept active\\n"; exit(5); }
		$CONFIG['version'] = $code;
		if (!$was) $CONFIG['maintenance'] = false;
		$save();
		echo "Update successful\\n";
		exit(0);
	case 'maintenance:install':
		(new PDO(getenv('SOCLE_DB_DSN')))->exec('CREATE TABLE oc_appconfig (appid TEXT, configkey TEXT, configvalue TEXT)');
		$CONFIG += ['installed' => true, 'version' => $code];
		$save();
		exit(0);
	case 'config:system:get':
		echo $CONFIG[$args[1]] ?? '', "\\n";
		exit(0);
	default:
		exit(0);
}
`;

describeProgram('php-cli', phpCliAvailability(), () => describe('a Nextcloud upgrade: one maintenance for every serving pod, with per-pod config.php', () => {
  const { objects } = synthesized('pilot');
  const installJob = findObject(objects, 'Job', 'nextcloud', 'nextcloud-install');
  const installScript = configMapFile(objects, 'nextcloud', 'nextcloud-install', 'install.sh');
  const readiness: string[] = podSpec(findObject(objects, 'Deployment', 'nextcloud', 'nextcloud-app')).containers[0].readinessProbe.exec.command;
  const host = readiness[readiness.length - 1]!;
  const work = mkdtempSync(join(tmpdir(), 'socle-nextcloud-upgrade-'));
  let archives: Awaited<ReturnType<typeof archiveServer>>;
  let counter = 0;
  /** The install scripts started, stopped with their occ at the end even when a check failed midway. */
  const scripts: ChildProcess[] = [];

  beforeAll(async () => {
    archives = await archiveServer(join(work, 'archives'));
  });
  afterAll(() => {
    for (const child of scripts) if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    archives?.server.close();
    rmSync(work, { recursive: true, force: true });
  });

  const pod = (kind: string, component: string, db: string, options?: PodOptions) => startPod(objects, archives, kind, component, join(work, `pod-${(counter += 1)}`), db, options);

  /** What the pod answers now (a new request: its config evaluated again). */
  const answers = (p: Started) => {
    const config = systemConfig(p.tree.root, p.env);
    return {
      maintenance: config['maintenance'] === true,
      status: JSON.parse(statusPhp(p.tree, config, p.codeVersion, p.apps, host).body) as Record<string, unknown>,
      page: indexPhp(p.tree, config, p.codeVersion, p.apps, host),
      cron: cronPhpSkips(config, p.codeVersion, p.apps),
    };
  };

  /** socle's readiness script, in real PHP with the pod's environment, against the pod's status.php (the port, fed by real PHP's config). */
  async function ready(p: Started): Promise<{ ready: boolean; said: string }> {
    const server = createServer((req, res) => {
      const a = statusPhp(p.tree, systemConfig(p.tree.root, p.env), p.codeVersion, p.apps, req.headers.host ?? '');
      res.writeHead(a.code, { 'Content-Type': 'application/json' }).end(a.body);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const url = readiness[2]!.replace('127.0.0.1:8080', `127.0.0.1:${(server.address() as { port: number }).port}`);
      return await run('php', [join(p.socle, 'nextcloud-ready.php'), url, host], { env: { PATH: process.env['PATH'], ...p.env }, encoding: 'utf8' }).then(
        (out) => ({ ready: true, said: out.stderr }),
        (e: { stderr?: string }) => ({ ready: false, said: e.stderr ?? '' }),
      );
    } finally {
      server.close();
    }
  }

  /** The install Job's container: its script, relocated into the Job pod's folder, with its environment; `occ` the stand-in. */
  function installRun(job: Started, db: string) {
    const dir = job.tree.root.slice(0, -HTML.length);
    writeFileSync(join(job.tree.root, 'occ'), OCC);
    writeFileSync(join(dir, 'install.sh'), relocator(dir, [HTML, '/socle'])(installScript));
    const container = podSpec(installJob).containers[0];
    expect(container.command).toEqual(['/bin/sh', '/scripts/install.sh']);
    const env = { PATH: process.env['PATH']!, ...Object.fromEntries(placeholderEnv(container)), NEXTCLOUD_ROOT: job.tree.root, SOCLE_DB_DSN: db, SOCLE_MAINTENANCE_SETTLE: '1', OCC_LOG: join(dir, 'occ.log') };
    // Its own process group, so that afterAll stops the script and the occ it runs.
    const child = spawn('sh', [join(dir, 'install.sh')], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    scripts.push(child);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
    const until = async (what: string, check: () => boolean) => {
      for (let i = 0; i < 300 && !check(); i += 1) {
        if (child.exitCode !== null) throw new Error(`install.sh exited ${child.exitCode} before ${what}:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      if (!check()) throw new Error(`no ${what}:\n${output}`);
    };
    return {
      /** Resolves once `occ upgrade` is migrating. */
      migrating: () => until('occ upgrade', () => existsSync(join(job.tree.root, 'occ-upgrading'))),
      /** Lets the migration end, then waits for the script. */
      end: async (how: 'success' | 'failure') => {
        writeFileSync(join(job.tree.root, 'occ-upgrade-ends'), how);
        return { status: await exited, output };
      },
      done: async () => ({ status: await exited, output }),
      occCalls: () => readFileSync(join(dir, 'occ.log'), 'utf8').trim().split('\n'),
    };
  }

  it('installs on an empty database without any maintenance, and the release’s pods then serve (first install)', async () => {
    const db = appConfigDatabase(join(work, 'first.db'));
    const job = await pod('Job', 'nextcloud-install', db);
    expect(job.prepare.status).toBe(0);
    const install = installRun(job, db);
    const { status, output } = await install.done();
    expect({ status, output }).toMatchObject({ status: 0 });
    expect(output).not.toContain('shared maintenance');
    expect(install.occCalls()[0]).toMatch(/^maintenance:install /);
    expect(socleRecord(db)).toEqual({ version: IMAGE_VERSION.join('.'), release: nextcloudRelease() });
    const app = await pod('Deployment', 'nextcloud-app', db);
    expect(app.prepare.status).toBe(0);
    expect(answers(app)).toMatchObject({ maintenance: false, status: { maintenance: false, needsDbUpgrade: false }, page: { code: 200 }, cron: undefined });
    expect(await ready(app)).toEqual({ ready: true, said: '' });
  });

  it('old pods serve → the Job begins the upgrade → they answer maintenance and cron skips → upgrade done → the new release serves, the old pods stay out', async () => {
    const db = afterInstallJob(join(work, 'upgrade.db'), OLD_RELEASE, OLD_VERSION.join('.'));
    const oldApp = await pod('Deployment', 'nextcloud-app', db, OLD);
    const oldCron = await pod('CronJob', 'nextcloud-cron', db, OLD);
    expect([oldApp.prepare.status, oldCron.prepare.status]).toEqual([0, 0]);
    // Serving on their own release.
    expect(answers(oldApp)).toMatchObject({ maintenance: false, page: { code: 200 }, cron: undefined });
    expect(answers(oldCron).cron).toBeUndefined();
    expect(await ready(oldApp)).toEqual({ ready: true, said: '' });

    const job = await pod('Job', 'nextcloud-install', db);
    const install = installRun(job, db);
    await install.migrating();
    // The schema moves: every serving pod is in Nextcloud's maintenance, read from the database.
    expect(socleRecord(db)['maintenance']).toMatch(new RegExp(`^upgrading to "${nextcloudRelease()}" since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`));
    const during = answers(oldApp);
    expect(during).toMatchObject({ maintenance: true, status: { maintenance: true }, page: { code: 503, headers: { 'x-nextcloud-maintenance-mode': '1', 'retry-after': '120' } } });
    expect(answers(oldCron).cron).toBe('We are in maintenance mode, skipping cron');
    // Still ready: the edge keeps an endpoint that answers Nextcloud's maintenance page.
    expect(await ready(oldApp)).toEqual({ ready: true, said: '' });
    // The new release's pods wait, saying why.
    const early = await pod('Deployment', 'nextcloud-app', db);
    expect(early.prepare.status).toBe(1);
    expect(early.prepare.output).toContain(`release "${OLD_RELEASE}"; upgrading to "${nextcloudRelease()}"`);

    const { status, output } = await install.end('success');
    expect({ status, output }).toMatchObject({ status: 0 });
    expect(install.occCalls().filter((c) => c.startsWith('upgrade'))).toEqual(['upgrade (maintenance off)']);
    expect(socleRecord(db)).toEqual({ version: IMAGE_VERSION.join('.'), release: nextcloudRelease() });

    // The old release never serves the new schema: maintenance, and unready so the edge sends users to the new pods.
    expect(answers(oldApp)).toMatchObject({ maintenance: true, page: { code: 503 } });
    expect(answers(oldCron).cron).toBe('We are in maintenance mode, skipping cron');
    expect(await ready(oldApp)).toEqual({ ready: false, said: `not ready: in maintenance: the database is at release "${nextcloudRelease()}", this pod runs "${OLD_RELEASE}"\n` });
    const newApp = await pod('Deployment', 'nextcloud-app', db);
    const newCron = await pod('CronJob', 'nextcloud-cron', db);
    expect([newApp.prepare.status, newCron.prepare.status]).toEqual([0, 0]);
    expect(answers(newApp)).toMatchObject({ maintenance: false, status: { maintenance: false, needsDbUpgrade: false }, page: { code: 200 } });
    expect(answers(newCron).cron).toBeUndefined();
    expect(await ready(newApp)).toEqual({ ready: true, said: '' });

    // The Job again with nothing to upgrade: no maintenance at all.
    const rerun = await installRun(await pod('Job', 'nextcloud-install', db), db).done();
    expect(rerun).toMatchObject({ status: 0 });
    expect(rerun.output).toContain(`release "${nextcloudRelease()}" is the database's already: no shared maintenance`);
    expect(answers(newApp).maintenance).toBe(false);
  });

  it('a failed upgrade leaves every serving pod in maintenance, saying why, until a retry succeeds', async () => {
    const db = afterInstallJob(join(work, 'failed.db'), OLD_RELEASE, OLD_VERSION.join('.'));
    const oldApp = await pod('Deployment', 'nextcloud-app', db, OLD);
    const oldCron = await pod('CronJob', 'nextcloud-cron', db, OLD);
    const job = await pod('Job', 'nextcloud-install', db);
    const first = installRun(job, db);
    await first.migrating();
    const failed = await first.end('failure');
    expect(failed.status).toBe(5);
    expect(failed.output).toContain('Update failed');
    const message = socleRecord(db)['maintenance']!;
    expect(message).toMatch(new RegExp(`^upgrade to "${nextcloudRelease()}" failed at \\S+Z \\(exit 5\\): maintenance stays on until a run of the nextcloud-install Job succeeds; its log says why$`));
    expect(socleRecord(db)['release']).toBe(OLD_RELEASE);
    expect(answers(oldApp)).toMatchObject({ maintenance: true, page: { code: 503, headers: { 'retry-after': '120' } } });
    expect(answers(oldCron).cron).toBe('We are in maintenance mode, skipping cron');
    expect((await ready(oldApp)).ready).toBe(true);
    const waiting = await pod('Deployment', 'nextcloud-app', db);
    expect(waiting.prepare.output).toContain(message);

    // The Job's retry, in the same pod (restartPolicy OnFailure keeps its emptyDir and the config.php occ left in maintenance).
    expect(systemConfig(job.tree.root, job.env)['maintenance']).toBe(true);
    const retry = installRun(job, db);
    await retry.migrating();
    expect(socleRecord(db)['maintenance']).toMatch(/^upgrading to /);
    expect(answers(oldApp).maintenance).toBe(true);
    expect(await retry.end('success')).toMatchObject({ status: 0 });
    expect(retry.occCalls().filter((c) => c.startsWith('upgrade'))).toEqual(['upgrade (maintenance off)', 'upgrade (maintenance off)']);
    expect(socleRecord(db)).toEqual({ version: IMAGE_VERSION.join('.'), release: nextcloudRelease() });
    const newApp = await pod('Deployment', 'nextcloud-app', db);
    expect(answers(newApp)).toMatchObject({ maintenance: false, page: { code: 200 } });
  });

  it('a pod that can’t read socle’s record is in maintenance and not ready: it never serves a schema it can’t check', async () => {
    const db = afterInstallJob(join(work, 'gone.db'));
    const app = await pod('Deployment', 'nextcloud-app', db);
    expect(answers(app).maintenance).toBe(false);
    rmSync(join(work, 'gone.db'));
    writeFileSync(join(work, 'gone.db'), 'not a database');
    expect(answers(app)).toMatchObject({ maintenance: true, page: { code: 503 } });
    expect(await ready(app)).toMatchObject({ ready: false, said: expect.stringMatching(/^not ready: in maintenance: socle record unreadable: SQLSTATE/) });
  });
}));
