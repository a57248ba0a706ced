/**
 * socle's Nextcloud configuration files as Nextcloud reads them: the `*.config.php` files of
 * ConfigMap nextcloud-config that each pod copies next to its config.php (socle.config.php in
 * every PHP pod, shared-maintenance.config.php in the serving ones), from the manifests `socle
 * synth` writes for each shipped example, evaluated by the real PHP in Config::readData's order
 * (nextcloud-pod-tree.ts systemConfig: config.php, then every *.config.php, merged) with the
 * environment each container gets (Secret values as a deploy makes them; the S3 keys, which come
 * from Pulumi config, as stand-ins). The result must be exactly the configuration socle documents:
 * the same array whatever the container, secrets from getenv() and nowhere in the files, mail
 * only where the environment has SMTP, and maintenance only when the database says so.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nextcloudRelease } from '../../../charts/apps/nextcloud/nextcloud-apps.js';
import { appBucket, clusterS3 } from '../../../charts/data/object-storage.js';
import { appHosts, type Environment } from '../../../environments/environment.js';
import { loadEnvironmentFile } from '../../../environments/load-environment.js';
import { describeProgram } from '../../real/harness/program-suite.js';
import { phpCliAvailability } from '../../real/programs/nginx-php-fpm.js';
import { containerEnv, findObject, synthesized, withStandIns } from '../../real/programs/synthesized-manifests.js';
import { EXAMPLE_NAMES, environmentFile, podSpec } from '../examples.js';
import { afterInstallJob, appConfigDatabase, HTML, socleRecord, systemConfig } from './nextcloud-pod-tree.js';

/** The containers that run Nextcloud's PHP, and whether their pod gets the shared maintenance (nextcloud-prepare.php: serving pods). */
const PHP_CONTAINERS = [
  ['Deployment', 'nextcloud-app', 'php-fpm', true],
  ['CronJob', 'nextcloud-cron', 'cron', true],
  ['Job', 'nextcloud-install', 'install', false],
] as const;

/** The system configuration socle documents for an environment (charts/apps/nextcloud/nextcloud-config.ts), with the container's secrets. */
function documented(env: Environment, vars: Record<string, string>): Record<string, unknown> {
  const host = appHosts(env).nextcloud;
  const s3 = new URL(clusterS3(env).endpoint);
  const [from, domain] = env.smtp?.from.split('@') ?? [];
  return {
    instanceid: vars['NEXTCLOUD_INSTANCE_ID'],
    passwordsalt: vars['NEXTCLOUD_PASSWORD_SALT'],
    secret: vars['NEXTCLOUD_SECRET'],
    dbtype: 'pgsql',
    dbhost: vars['POSTGRES_HOST'],
    dbname: 'nextcloud',
    dbuser: vars['POSTGRES_USER'],
    dbpassword: vars['POSTGRES_PASSWORD'],
    dbtableprefix: 'oc_',
    datadirectory: `${HTML}/data`,
    apps_paths: [
      { path: `${HTML}/apps`, url: '/apps', writable: false },
      { path: `${HTML}/custom_apps`, url: '/custom_apps', writable: true },
    ],
    trusted_domains: [host, 'nextcloud.nextcloud.svc.cluster.local'],
    trusted_proxies: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
    forwarded_for_headers: ['HTTP_X_FORWARDED_FOR'],
    overwriteprotocol: 'https',
    'overwrite.cli.url': `https://${host}`,
    objectstore: {
      class: '\\OC\\Files\\ObjectStore\\S3',
      arguments: {
        bucket: appBucket(env, 'nextcloud-data'),
        hostname: s3.hostname,
        port: s3.port === '' ? 443 : Number(s3.port),
        region: clusterS3(env).region,
        use_ssl: true,
        use_path_style: true,
        verify_bucket_exists: false,
        key: vars['S3_ACCESS_KEY'],
        secret: vars['S3_SECRET_KEY'],
      },
    },
    'memcache.local': '\\OC\\Memcache\\APCu',
    'memcache.distributed': '\\OC\\Memcache\\Redis',
    'memcache.locking': '\\OC\\Memcache\\Redis',
    redis: { host: 'valkey.nextcloud.svc.cluster.local', port: 6379, password: vars['REDIS_HOST_PASSWORD'], dbindex: 0 },
    has_internet_connection: false,
    appstoreenabled: false,
    updatechecker: false,
    'upgrade.disable-web': true,
    connectivity_check_domains: [],
    lookup_server: '',
    'gs.enabled': false,
    enable_previews: true,
    maintenance_window_start: 1,
    log_type: 'errorlog',
    loglevel: 2,
    onlyoffice: { jwt_secret: vars['ONLYOFFICE_JWT_SECRET'], jwt_header: 'Authorization' },
    ...(env.smtp
      ? { mail_smtpmode: 'smtp', mail_smtphost: env.smtp.host, mail_smtpport: env.smtp.port, mail_smtpsecure: env.smtp.port === 465 ? 'ssl' : '', mail_from_address: from, mail_domain: domain }
      : {}),
  };
}

describeProgram('php-cli', phpCliAvailability(), () => describe('socle’s Nextcloud *.config.php files, evaluated by PHP with each container’s environment', () => {
  const work = mkdtempSync(join(tmpdir(), 'socle-nextcloud-config-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  for (const example of EXAMPLE_NAMES) {
    const env = loadEnvironmentFile(environmentFile(example));
    const { objects, secretValue } = synthesized(example);
    const files = findObject(objects, 'ConfigMap', 'nextcloud', 'nextcloud-config').data as Record<string, string>;
    const configFiles = Object.keys(files).filter((f) => f.endsWith('.config.php')).sort();

    /** A pod's config folder as nextcloud-prepare.php leaves it, and the system config a PHP process of that container reads. */
    const evaluate = (label: string, component: string, container: string, serving: boolean, db: string) => {
      const c = podSpec(findObject(objects, PHP_CONTAINERS.find(([, n]) => n === component)![0], 'nextcloud', component)).containers.find((x: any) => x.name === container);
      const vars = containerEnv(c, withStandIns(secretValue));
      const root = join(work, example, label);
      mkdirSync(join(root, 'config'), { recursive: true });
      writeFileSync(join(root, 'config', 'config.php'), "<?php\n$CONFIG = array ('installed' => true, 'version' => '31.0.9.1');\n");
      writeFileSync(join(root, 'config', 'socle.config.php'), files['socle.config.php']!);
      if (serving) writeFileSync(join(root, 'config', 'shared-maintenance.config.php'), files['shared-maintenance.config.php']!);
      return { vars, config: systemConfig(root, { ...vars, SOCLE_DB_DSN: db }) };
    };

    it(`${example}: ships exactly socle.config.php and shared-maintenance.config.php as config files, with no secret written in them`, () => {
      expect(configFiles).toEqual(['shared-maintenance.config.php', 'socle.config.php']);
      const vars = containerEnv(podSpec(findObject(objects, 'Deployment', 'nextcloud', 'nextcloud-app')).containers[0], withStandIns(secretValue));
      for (const name of ['NEXTCLOUD_SECRET', 'NEXTCLOUD_PASSWORD_SALT', 'POSTGRES_PASSWORD', 'REDIS_HOST_PASSWORD', 'ONLYOFFICE_JWT_SECRET']) {
        for (const f of configFiles) expect({ file: f, leaks: files[f]!.includes(vars[name]!) }).toEqual({ file: f, leaks: false });
      }
    });

    for (const [kind, component, container, serving] of PHP_CONTAINERS) {
      it(`${example} ${kind} ${component} (${container}): the documented configuration, exactly`, () => {
        const db = afterInstallJob(join(work, `${example}-${component}.db`));
        const { vars, config } = evaluate(component, component, container, serving, db);
        expect(config).toEqual({ installed: true, version: '31.0.9.1', ...documented(env, vars) });
        // The secrets reached Nextcloud from the Secret-backed environment.
        expect(config['dbpassword']).toMatch(/^.{8,}$/);
        expect(config['redis']).toMatchObject({ password: vars['REDIS_HOST_PASSWORD'] });
      });
    }

    it(`${example}: the serving pods add maintenance, and only that, while the database says an upgrade runs or another release is its`, () => {
      const upgrading = appConfigDatabase(join(work, `${example}-upgrading.db`), [['socle', 'release', nextcloudRelease()], ['socle', 'maintenance', 'upgrading to "x" since 2026-12-02T04:00:00Z']]);
      const other = afterInstallJob(join(work, `${example}-other.db`), 'nextcloud:31.0.8-fpm onlyoffice:9.7.0 notify_push:1.1.0');
      expect(socleRecord(upgrading)['maintenance']).toMatch(/^upgrading/);
      for (const [state, db] of [['upgrading', upgrading], ['other-release', other]] as const) {
        for (const [, component, container, serving] of PHP_CONTAINERS) {
          const { vars, config } = evaluate(`${component}-${state}`, component, container, serving, db);
          expect({ component, config }).toEqual({ component, config: { installed: true, version: '31.0.9.1', ...documented(env, vars), ...(serving ? { maintenance: true } : {}) } });
        }
      }
    });
  }
}));
