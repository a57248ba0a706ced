/**
 * Nextcloud ("PARTAGEONS"): PHP-FPM + nginx pods behind the edge, S3 primary storage, Valkey for
 * locking, cache and sessions, PostgreSQL through CloudNativePG, background jobs as a CronJob,
 * Client Push (notify_push), and a one-shot Job that installs or upgrades Nextcloud and wires the
 * ONLYOFFICE connector.
 *
 * What each pod has on disk. /var/www/html is each pod's own emptyDir (Cinder volumes are
 * ReadWriteOnce, so the pods can't share one), filled by the image's entrypoint: with
 * NEXTCLOUD_UPDATE=1 and no version.php there, it copies the code, and config/, data/ and
 * custom_apps/ from the image because they are empty (nextcloud/docker 31.0.9 `entrypoint.sh`
 * L159-195; nothing may be mounted inside /var/www/html: a mount point would make config/ non-empty
 * and root-owned, and Nextcloud must write config.php there, lib/base.php checkConfig). Then socle's
 * init container (nextcloud-prepare.php) adds what Nextcloud's start-up checks need in every pod:
 * - socle.config.php in config/ (lib/private/Config.php reads config.php, then every *.config.php);
 *   instanceid, passwordsalt and secret come from Secret nextcloud-instance, identical everywhere;
 * - installed and version in config.php, taken from the database: `OC_Util::needUpgrade` compares
 *   `version` with the code's version.php, and answers 503 "update required" on a mismatch
 *   (lib/private/legacy/OC_Util.php; lib/base.php printUpgradePage). The install Job records the
 *   release it brought the database to (oc_appconfig, app id socle); serving pods wait for their own
 *   release, so a new image never serves on an old schema and an old pod never claims a new one;
 * - data/.ncdata, mode 0770: primary storage is S3, yet `OC_Util::checkServer` still checks the
 *   local datadirectory's marker on every request (checkDataDirectoryValidity);
 * - the pinned apps of nextcloud-apps.ts, checksum-verified, at the version the Job installed, so
 *   `OC_App::shouldUpgrade` (called by needUpgrade for every enabled app) stays false;
 * - in serving pods (app, cron), shared-maintenance.config.php: Nextcloud's maintenance switch is
 *   config.php's, and `occ upgrade` flips it in the Job's pod only, so the Job records `maintenance`
 *   in the database before `occ upgrade` and every serving pod's Nextcloud reads it there
 *   (nextcloud-shared-maintenance.php): requests answer 503 "maintenance" with Retry-After, cron.php
 *   skips, and once the new release is recorded the old pods stay in maintenance and unready.
 *   During the upgrade the old pods stay ready (nextcloud-ready.php), so the edge answers Nextcloud's
 *   maintenance page rather than Traefik's 404 for a Service without endpoints. Client Push keeps
 *   running: it only reads the database, for a file event (nextcloud/notify_push
 *   src/storage_mapping.rs, a SELECT on mounts and filecache), and no pod publishes events while
 *   it loads no apps, in maintenance (lib/base.php handleRequest).
 */
import type { Environment } from '../../../environments/environment.js';
import { appHosts } from '../../../environments/environment.js';
import type { ComponentPlan, SizingPlan } from '../../../sizing/sizing-plan.js';
import { container, envSecret, envValue, execProbe, httpProbe, tcpProbe, type EnvVar } from '../../container.js';
import { ingress, stripPrefix } from '../../platform/edge.js';
import { imageRef } from '../../images.js';
import type { KubeObject } from '../../kube-object.js';
import { selectorLabels } from '../../labels.js';
import { NAMESPACES } from '../../platform/namespaces.js';
import { allowEgressTo, allowFromEdge, allowIngressFrom, baselinePolicies, fromNamespace, publicInternet, urlPort } from '../../platform/network-policies.js';
import { NEXTCLOUD_APPS, nextcloudAppUrl, nextcloudRelease } from './nextcloud-apps.js';
import {
  NEXTCLOUD_NGINX_CONF,
  NEXTCLOUD_PREPARE_PHP,
  NEXTCLOUD_READY_PHP,
  NEXTCLOUD_SHARED_MAINTENANCE_PHP,
  nextcloudFpmPool,
  nextcloudInstallScript,
  nextcloudSessionIni,
  nextcloudSystemConfig,
} from './nextcloud-config.js';
import { poolPlacement } from '../../platform/node-pools.js';
import { ONLYOFFICE_JWT_SECRET, ONLYOFFICE_PROXY_PORT, onlyofficeInternalUrl } from '../onlyoffice/onlyoffice-wiring.js';
import { postgresCluster, postgresCredentials, postgresHost, postgresSecrets, type PostgresCluster } from '../../data/postgresql-cluster.js';
import { bucketBackup } from '../../data/bucket-backup.js';
import { APPS_S3_SECRET, clusterS3 } from '../../data/object-storage.js';
import { component, helperResources, resourceRequirements } from '../../resources.js';
import { literal, random, type SecretSpec } from '../../secret-catalogue.js';
import { VALKEY_SECRET, valkey, valkeyService } from '../../data/valkey.js';
import { configMap, deployment, labelsFor, service, type Volume } from '../../workload.js';

const NS = NAMESPACES.nextcloud;
const WWW_DATA = 33;
export const NEXTCLOUD_INTERNAL_URL = `http://nextcloud.${NS}.svc.cluster.local/`;

const db = (plan: SizingPlan, env: Environment): PostgresCluster => ({
  env,
  namespace: NS,
  app: 'nextcloud',
  plan: component(plan, 'nextcloud-postgresql'),
  database: 'nextcloud',
  owner: 'nextcloud',
});

export function nextcloudSecrets(env: Environment, plan: SizingPlan): SecretSpec[] {
  return [
    {
      name: 'nextcloud-instance',
      namespaces: [NS],
      values: { 'instance-id': random(12), 'password-salt': random(30), secret: random(48) },
      purpose: 'Nextcloud instance id, password salt and secret: identical in every pod',
    },
    { name: 'nextcloud-admin', namespaces: [NS], values: { username: literal('admin'), password: random(24) }, purpose: 'Nextcloud first administrator' },
    ...postgresSecrets(db(plan, env)),
  ];
}

function commonEnv(env: Environment, plan: SizingPlan): EnvVar[] {
  const creds = postgresCredentials(db(plan, env));
  return [
    envValue('POSTGRES_HOST', postgresHost(db(plan, env))),
    envSecret('POSTGRES_USER', creds, 'username'),
    envSecret('POSTGRES_PASSWORD', creds, 'password'),
    envSecret('NEXTCLOUD_INSTANCE_ID', 'nextcloud-instance', 'instance-id'),
    envSecret('NEXTCLOUD_PASSWORD_SALT', 'nextcloud-instance', 'password-salt'),
    envSecret('NEXTCLOUD_SECRET', 'nextcloud-instance', 'secret'),
    envSecret('S3_ACCESS_KEY', APPS_S3_SECRET, 'access-key'),
    envSecret('S3_SECRET_KEY', APPS_S3_SECRET, 'secret-key'),
    // No REDIS_HOST: the image's entrypoint would then write a root-owned ini file and stop the pod
    // (nextcloudSessionIni says why); the password is read by socle.config.php and the session ini.
    envSecret('REDIS_HOST_PASSWORD', VALKEY_SECRET, 'password'),
    envSecret('ONLYOFFICE_JWT_SECRET', ONLYOFFICE_JWT_SECRET, 'secret'),
    envValue('PHP_MEMORY_LIMIT', '512M'),
    envValue('PHP_UPLOAD_LIMIT', '10G'),
    // What this pod's code belongs to: the shared maintenance compares it with the database's.
    envValue('SOCLE_RELEASE', nextcloudRelease()),
  ];
}

const htmlMount = { name: 'html', mountPath: '/var/www/html' };
const socleMount = { name: 'socle', mountPath: '/socle', readOnly: true };
const baseVolumes: Volume[] = [
  // Each pod's own copy of the code and config (see the top of this file).
  { name: 'html', emptyDir: { sizeLimit: '4Gi' } },
  { name: 'socle', configMap: { name: 'nextcloud-config' } },
];
/** The components running Nextcloud's PHP code, each with the prepared /var/www/html. */
const PHP_COMPONENTS = ['nextcloud-app', 'nextcloud-cron', 'nextcloud-install'] as const;
const WRITABLE = 'PHP-FPM and occ write uploads in transit and other temporary files under /tmp, where the init container also unpacks the pinned apps';

/**
 * The init container of every Nextcloud pod: the image's entrypoint copies the code
 * (NEXTCLOUD_UPDATE=1: it initialises for any command), then nextcloud-prepare.php runs.
 * `serve`: app pods and cron runs, which wait for the install Job's release; `install`: the Job.
 */
function prepareContainer(plan: ComponentPlan, image: string, commonEnvVars: EnvVar[], role: 'serve' | 'install'): Record<string, unknown> {
  return container({
    name: 'prepare',
    image,
    resources: helperResources(plan, 'prepare'),
    command: ['/entrypoint.sh', 'php', '/socle/nextcloud-prepare.php', 'prepare'],
    env: [
      ...commonEnvVars,
      envValue('NEXTCLOUD_UPDATE', 1),
      envValue('SOCLE_ROLE', role),
    ],
    volumeMounts: [htmlMount, socleMount],
    writableRootFilesystemBecause: WRITABLE,
  });
}

export function nextcloud(env: Environment, plan: SizingPlan): KubeObject[] {
  const image = imageRef(env, 'nextcloud');
  const nginxImage = imageRef(env, 'nginx');
  const hosts = appHosts(env);
  const appPlan = component(plan, 'nextcloud-app');
  const cronPlan = component(plan, 'nextcloud-cron');
  const pushPlan = component(plan, 'nextcloud-push');
  const base = { env, namespace: NS, app: 'nextcloud', versionImage: image };
  const labels = labelsFor({ ...base, component: 'nextcloud-app' });
  const redisHost = `${valkeyService}.${NS}.svc.cluster.local`;
  const database = db(plan, env);
  const envVars = commonEnv(env, plan);

  const app = deployment({
    ...base,
    component: 'nextcloud-app',
    plan: appPlan,
    user: { uid: WWW_DATA, gid: WWW_DATA },
    volumes: [...baseVolumes, { name: 'fpm', configMap: { name: 'nextcloud-fpm' } }, { name: 'nginx', configMap: { name: 'nextcloud-nginx' } }, { name: 'nginx-tmp', emptyDir: {} }],
    initContainers: [prepareContainer(appPlan, image, envVars, 'serve')],
    containers: [
      container({
        name: 'php-fpm',
        image,
        resources: resourceRequirements(appPlan),
        env: envVars,
        ports: [{ name: 'fastcgi', containerPort: 9000 }],
        volumeMounts: [
          htmlMount,
          socleMount,
          { name: 'fpm', mountPath: '/usr/local/etc/php-fpm.d/zz-socle.conf', subPath: 'zz-socle.conf', readOnly: true },
          { name: 'fpm', mountPath: '/usr/local/etc/php/conf.d/zz-socle-session.ini', subPath: 'zz-socle-session.ini', readOnly: true },
        ],
        probes: {
          liveness: tcpProbe('fastcgi', 60),
          // status.php through this pod's nginx, with the public host name in Host: installed, not in
          // maintenance, no upgrade pending (nextcloud-ready.php says why a plain httpGet can't).
          readiness: execProbe(['php', '/socle/nextcloud-ready.php', 'http://127.0.0.1:8080/status.php', hosts.nextcloud], 20),
          startup: { tcpSocket: { port: 'fastcgi' }, periodSeconds: 10, failureThreshold: 60 },
        },
        writableRootFilesystemBecause: WRITABLE,
      }),
      container({
        name: 'nginx',
        image: nginxImage,
        resources: helperResources(appPlan, 'nginx'),
        ports: [{ name: 'http', containerPort: 8080 }],
        volumeMounts: [
          { name: 'html', mountPath: '/var/www/html', readOnly: true },
          { name: 'nginx', mountPath: '/etc/nginx/conf.d' },
          { name: 'nginx-tmp', mountPath: '/tmp' },
        ],
        probes: { liveness: httpProbe('/healthz', 'http'), readiness: httpProbe('/healthz', 'http') },
      }),
    ],
  });

  const cron: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nextcloud-cron', namespace: NS, labels: labelsFor({ ...base, component: 'nextcloud-cron' }) },
    spec: {
      // Every 5 minutes, never overlapping (Nextcloud admin manual, "Background jobs").
      schedule: '*/5 * * * *',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 1,
          activeDeadlineSeconds: 1800,
          template: {
            metadata: { labels: labelsFor({ ...base, component: 'nextcloud-cron' }) },
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              ...poolPlacement(cronPlan.pool),
              securityContext: { runAsNonRoot: true, runAsUser: WWW_DATA, runAsGroup: WWW_DATA, fsGroup: WWW_DATA, seccompProfile: { type: 'RuntimeDefault' } },
              volumes: baseVolumes,
              initContainers: [prepareContainer(cronPlan, image, envVars, 'serve')],
              containers: [
                container({
                  name: 'cron',
                  image,
                  resources: resourceRequirements(cronPlan),
                  command: ['php', '-f', '/var/www/html/cron.php'],
                  env: envVars,
                  volumeMounts: [htmlMount],
                  writableRootFilesystemBecause: WRITABLE,
                }),
              ],
            },
          },
        },
      },
    },
  };

  const installLabels = labelsFor({ ...base, component: 'nextcloud-install' });
  const install: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'nextcloud-install', namespace: NS, labels: installLabels },
    spec: {
      backoffLimit: 20,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: installLabels },
        spec: {
          restartPolicy: 'OnFailure',
          automountServiceAccountToken: false,
          ...poolPlacement(appPlan.pool),
          securityContext: { runAsNonRoot: true, runAsUser: WWW_DATA, runAsGroup: WWW_DATA, fsGroup: WWW_DATA, seccompProfile: { type: 'RuntimeDefault' } },
          volumes: [...baseVolumes, { name: 'scripts', configMap: { name: 'nextcloud-install', defaultMode: 0o555 } }],
          // One PHP CLI process, as cron.php is, under the same 512M memory_limit: the cron job's
          // size, not an app pod's (a pool of FPM workers), so it finds room beside the placed pods.
          initContainers: [prepareContainer(cronPlan, image, envVars, 'install')],
          containers: [
            container({
              name: 'install',
              image,
              resources: resourceRequirements(cronPlan),
              command: ['/bin/sh', '/scripts/install.sh'],
              env: [
                ...envVars,
                envSecret('NEXTCLOUD_ADMIN_USER', 'nextcloud-admin', 'username'),
                envSecret('NEXTCLOUD_ADMIN_PASSWORD', 'nextcloud-admin', 'password'),
              ],
              volumeMounts: [htmlMount, socleMount, { name: 'scripts', mountPath: '/scripts' }],
              writableRootFilesystemBecause: WRITABLE,
            }),
          ],
        },
      },
    },
  };

  const pushBase = { ...base, component: 'nextcloud-push', versionImage: imageRef(env, 'notifyPush') };
  const creds = postgresCredentials(database);
  const push = deployment({
    ...pushBase,
    plan: pushPlan,
    user: { uid: 65534, gid: 65534 },
    containers: [
      container({
        name: 'notify-push',
        image: imageRef(env, 'notifyPush'),
        resources: resourceRequirements(pushPlan),
        env: [
          envSecret('DB_USER', creds, 'username'),
          envSecret('DB_PASSWORD', creds, 'password'),
          envSecret('REDIS_PASSWORD', VALKEY_SECRET, 'password'),
          envValue('DATABASE_URL', `postgres://$(DB_USER):$(DB_PASSWORD)@${postgresHost(database)}/nextcloud`),
          envValue('DATABASE_PREFIX', 'oc_'),
          envValue('REDIS_URL', `redis://:$(REDIS_PASSWORD)@${redisHost}:6379`),
          envValue('NEXTCLOUD_URL', NEXTCLOUD_INTERNAL_URL),
          envValue('PORT', 7867),
        ],
        ports: [{ name: 'push', containerPort: 7867 }],
        probes: { liveness: tcpProbe('push'), readiness: tcpProbe('push') },
      }),
    ],
  });

  return [
    configMap(NS, 'nextcloud-config', labels, {
      // The pinned archives: where from, which bytes (nextcloud-prepare.php refuses any other).
      'apps.json': `${JSON.stringify(NEXTCLOUD_APPS.map((a) => ({ id: a.id, version: a.version, sha256: a.sha256, url: nextcloudAppUrl(env, a) })), null, 2)}\n`,
      'nextcloud-prepare.php': NEXTCLOUD_PREPARE_PHP,
      'nextcloud-ready.php': NEXTCLOUD_READY_PHP,
      'shared-maintenance.config.php': NEXTCLOUD_SHARED_MAINTENANCE_PHP,
      'socle.config.php': nextcloudSystemConfig(env, postgresHost(database), redisHost),
    }),
    configMap(NS, 'nextcloud-fpm', labels, {
      'zz-socle.conf': nextcloudFpmPool(Math.max(1, Math.ceil(plan.load.phpWorkers / appPlan.replicas))),
      'zz-socle-session.ini': nextcloudSessionIni(redisHost),
    }),
    configMap(NS, 'nextcloud-nginx', labels, { 'nextcloud.conf': NEXTCLOUD_NGINX_CONF }),
    configMap(NS, 'nextcloud-install', installLabels, { 'install.sh': nextcloudInstallScript(env, onlyofficeInternalUrl(), NEXTCLOUD_INTERNAL_URL) }),
    ...app,
    service({ ...base, component: 'nextcloud-app' }, [{ name: 'http', port: 80, targetPort: 'http' }], 'nextcloud'),
    ...push,
    service(pushBase, [{ name: 'push', port: 7867 }]),
    cron,
    install,
    ...postgresCluster(database),
    ...bucketBackup(env, plan, NS, 'nextcloud', 'nextcloud-data'),
    ...valkey(env, NS, component(plan, 'redis'), component(plan, 'valkey-haproxy'), [NS, NAMESPACES.onlyoffice]),
    ingress(NS, 'nextcloud', hosts.nextcloud, [{ path: '/', service: 'nextcloud', port: 80 }], labels),
    // Client Push lives under /push/ and expects the prefix removed (notify_push README, reverse proxy).
    stripPrefix(NS, 'strip-push-prefix', '/push', labels),
    ingress(NS, 'nextcloud-push', hosts.nextcloud, [{ path: '/push', service: 'nextcloud-push', port: 7867 }], labels, { middlewares: ['strip-push-prefix'], certificateOf: 'nextcloud' }),
    ...baselinePolicies(NS),
    allowFromEdge(NS, selectorLabels({ app: 'nextcloud', component: 'nextcloud-app' }), [{ port: 8080 }]),
    allowFromEdge(NS, selectorLabels(pushBase), [{ port: 7867 }], 'allow-push-from-edge'),
    // ONLYOFFICE fetches and saves documents through Nextcloud's internal URL.
    allowIngressFrom(NS, 'allow-from-onlyoffice', selectorLabels({ app: 'nextcloud', component: 'nextcloud-app' }), [fromNamespace(NAMESPACES.onlyoffice)], [{ port: 8080 }]),
    // Primary storage (S3 over HTTPS), the pinned apps' archives, the ONLYOFFICE document server, mail.
    // Nextcloud's PHP pods only: Client Push and the backup Job (its own policy) need no primary storage.
    allowEgressTo(NS, 'allow-to-object-storage', { 'app.kubernetes.io/name': 'nextcloud' }, [publicInternet], [{ port: urlPort(clusterS3(env).endpoint) }], [
      { key: 'app.kubernetes.io/component', operator: 'In', values: [...PHP_COMPONENTS] },
    ]),
    // Only the pods whose init container downloads them, only on the port of the archives' host
    // (the artifact store's, or GitHub's 443 without one): nextcloud-apps.ts.
    ...PHP_COMPONENTS.map((c) =>
      allowEgressTo(NS, `allow-${c}-to-app-archives`, selectorLabels({ app: 'nextcloud', component: c }), [publicInternet], [...new Set(NEXTCLOUD_APPS.map((a) => urlPort(nextcloudAppUrl(env, a))))].map((port) => ({ port }))),
    ),
    allowEgressTo(NS, 'allow-to-onlyoffice', { 'app.kubernetes.io/name': 'nextcloud' }, [fromNamespace(NAMESPACES.onlyoffice)], [{ port: ONLYOFFICE_PROXY_PORT }]),
    // Mail leaves from the web pods and the background jobs (notifications), nowhere else.
    ...(env.smtp
      ? [allowEgressTo(NS, 'allow-to-smtp', { 'app.kubernetes.io/name': 'nextcloud' }, [publicInternet], [{ port: env.smtp.port }], [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['nextcloud-app', 'nextcloud-cron'] }])]
      : []),
  ];
}
