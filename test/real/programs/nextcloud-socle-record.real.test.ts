/**
 * socle's record in Nextcloud's database (oc_appconfig, app id socle: version, release,
 * maintenance), in a real PostgreSQL with PHP's pdo_pgsql: nextcloud-prepare.php as the install
 * Job and the init containers run it, and shared-maintenance.config.php as every serving pod's
 * Nextcloud reads it, from the synthesized pilot manifests, with the containers' environment (the
 * pod's own DSN: `pgsql:host=$POSTGRES_HOST;dbname=nextcloud`; only the host and, through libpq's
 * PGPORT, the port point at this machine), as the Nextcloud Cluster's owner over TLS.
 *
 * oc_appconfig is made as Nextcloud 31 has it: (appid, configkey) primary key, configvalue
 * (core/Migrations/Version13000Date20170718121200), `type` integer default 2
 * (Version29000Date20240124132201), `lazy` smallint default 0 (Version29000Date20240124132202).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemConfig } from '../../charts/nextcloud/nextcloud-pod-tree.js';
import { describeProgram, type ProgramAvailability } from '../harness/program-suite.js';
import { postgresAvailability, postgresBin, startPostgres, type PostgresServer } from './postgresql-server.js';
import { configMapFile, containerEnv, findObject, synthesized, withStandIns } from './synthesized-manifests.js';

const OC_APPCONFIG = `CREATE TABLE oc_appconfig (appid varchar(32) NOT NULL DEFAULT '', configkey varchar(64) NOT NULL DEFAULT '', configvalue text,
  type integer NOT NULL DEFAULT 2, lazy smallint NOT NULL DEFAULT 0, PRIMARY KEY (appid, configkey))`;

function availability(): ProgramAvailability {
  const postgres = postgresAvailability();
  if (postgres.missing) return postgres;
  const pgsql = spawnSync('php', ['-r', 'exit(extension_loaded("pdo_pgsql") ? 0 : 1);']).status === 0;
  return pgsql ? postgres : { missing: "php with pdo_pgsql (the nextcloud image's driver) is not installed: apt-get install -y php-cli php8.2-pgsql" };
}

describeProgram('postgresql', availability(), () => describe('socle’s record in Nextcloud’s database, through pdo_pgsql', () => {
  const { objects, secretValue } = synthesized('pilot');
  const initdb = (findObject(objects, 'Cluster', 'nextcloud', 'nextcloud-postgresql').spec as any).bootstrap.initdb;
  const podOf = (kind: string, name: string) => (findObject(objects, kind, 'nextcloud', name).spec as any).template?.spec ?? (findObject(objects, kind, 'nextcloud', name).spec as any).jobTemplate.spec.template.spec;
  const prepareScript = configMapFile(objects, 'nextcloud', 'nextcloud-config', 'nextcloud-prepare.php');
  const sharedMaintenance = configMapFile(objects, 'nextcloud', 'nextcloud-config', 'shared-maintenance.config.php');
  const dir = mkdtempSync(join(tmpdir(), 'socle-nextcloud-record-'));
  let server: PostgresServer;
  let local: Record<string, string>;

  /** A container's environment, with the database host and port moved to this machine. */
  const envOf = (container: Record<string, any>) => ({ ...containerEnv(container, withStandIns(secretValue)), ...local });
  const installEnv = () => envOf(podOf('Job', 'nextcloud-install').initContainers[0]);
  const appEnv = () => envOf(podOf('Deployment', 'nextcloud-app').containers.find((c: any) => c.name === 'php-fpm'));
  const prepare = (...args: string[]) => spawnSync('php', [join(dir, 'nextcloud-prepare.php'), ...args], { env: { PATH: process.env['PATH'], ...installEnv(), SOCLE_MAINTENANCE_SETTLE: '0' }, encoding: 'utf8', timeout: 30_000 });
  /** SQL as the database's owner (psql prints SET ROLE's tag first). */
  const owner = (sql: string) => server.superuser(`SET ROLE "${initdb.owner}"; ${sql}`, initdb.database).replace(/^SET\n/, '').trim();
  /** What shared-maintenance.config.php returns in the app pod (its reason, or null). */
  const reason = () => JSON.parse(execFileSync('php', ['-r', 'echo json_encode(include $argv[1]);', join(dir, 'html', 'config', 'shared-maintenance.config.php')], { env: { PATH: process.env['PATH'], ...appEnv() }, encoding: 'utf8', timeout: 30_000 })) as { kind: string; message: string } | null;

  beforeAll(async () => {
    server = await startPostgres(postgresBin()!);
    local = { POSTGRES_HOST: '127.0.0.1', PGPORT: String(server.port) };
    const password = secretValue(initdb.secret.name, 'password').replaceAll("'", "''");
    server.superuser(`CREATE ROLE "${initdb.owner}" LOGIN PASSWORD '${password}'`);
    server.superuser(`CREATE DATABASE "${initdb.database}" OWNER "${initdb.owner}"`);
    writeFileSync(join(dir, 'nextcloud-prepare.php'), prepareScript);
    mkdirSync(join(dir, 'html', 'config'), { recursive: true });
    writeFileSync(join(dir, 'html', 'config', 'shared-maintenance.config.php'), sharedMaintenance);
  });
  afterAll(() => {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects with the pods’ own DSN and credentials, as the Cluster’s owner: “new” before Nextcloud’s schema exists (to_regclass)', () => {
    expect([installEnv()['POSTGRES_USER'], initdb.database]).toEqual([initdb.owner, 'nextcloud']);
    expect(prepare('state')).toMatchObject({ status: 0, stdout: 'new\n' });
  });

  it('writes the record the install Job leaves, in Nextcloud 31’s oc_appconfig (type and lazy by their defaults), and the state reads it back', () => {
    owner(OC_APPCONFIG);
    expect(prepare('record-version', '31.0.9.1')).toMatchObject({ status: 0 });
    expect(prepare('state')).toMatchObject({ status: 0, stdout: 'installed 31.0.9.1\n' });
    expect(prepare('begin-upgrade')).toMatchObject({ status: 0 });
    expect(reason()).toMatchObject({ kind: 'upgrade', message: expect.stringMatching(/^upgrading to "nextcloud:/) });
    expect(systemConfig(join(dir, 'html'), appEnv())).toEqual({ maintenance: true });
    expect(prepare('run-failed', '5')).toMatchObject({ status: 0 });
    expect(owner(`SELECT configvalue FROM oc_appconfig WHERE appid = 'socle' AND configkey = 'maintenance'`)).toMatch(/ \(exit 5\): maintenance stays on /);
    expect(prepare('record-release')).toMatchObject({ status: 0 });
    expect(owner(`SELECT string_agg(configkey || ':' || type || ':' || lazy, ',' ORDER BY configkey) FROM oc_appconfig WHERE appid = 'socle'`)).toBe('release:2:0,version:2:0');
    expect(owner(`SELECT configvalue FROM oc_appconfig WHERE appid = 'socle' AND configkey = 'release'`)).toBe(appEnv()['SOCLE_RELEASE']);
    // The app pod's release is the database's: no maintenance.
    expect(reason()).toBeNull();
    expect(systemConfig(join(dir, 'html'), appEnv())).toEqual({});
  });

  it('answers maintenance within its 3 s statement timeout while a migration holds oc_appconfig, instead of hanging the request', async () => {
    const env = { PATH: process.env['PATH'], PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: initdb.owner, PGPASSWORD: secretValue(initdb.secret.name, 'password'), PGDATABASE: initdb.database, PGSSLMODE: 'require' };
    // What an ALTER TABLE of a migration takes: an ACCESS EXCLUSIVE lock until its transaction ends.
    const holder = spawn(join(postgresBin()!, 'psql'), ['-X', '-v', 'ON_ERROR_STOP=1', '-c', 'BEGIN; LOCK TABLE oc_appconfig IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(12); COMMIT;'], { env, stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && owner(`SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'oc_appconfig' AND l.mode = 'AccessExclusiveLock' AND l.granted`) !== '1'; i += 1) await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      const why = reason();
      const seconds = (Date.now() - started) / 1000;
      expect(why).toMatchObject({ kind: 'database', message: expect.stringContaining('canceling statement due to statement timeout') });
      expect(seconds).toBeGreaterThanOrEqual(2.9);
      expect(seconds).toBeLessThan(8);
    } finally {
      holder.kill('SIGTERM');
    }
  });
}));
