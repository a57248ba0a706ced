/**
 * Nextcloud ("PARTAGEONS"): PHP-FPM + nginx pods behind the edge, S3 primary storage, Valkey for
 * locking, cache and sessions, PostgreSQL through CloudNativePG, background jobs as a CronJob,
 * Client Push (notify_push), and a one-shot Job that installs and wires the ONLYOFFICE connector.
 */
import type { Environment } from '../environments/environment.js';
import { appHosts } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { container, envSecret, envValue, httpProbe, tcpProbe, type EnvVar } from './container.js';
import { ingress, stripPrefix } from './edge.js';
import { imageRef } from './images.js';
import type { KubeObject } from './kube-object.js';
import { selectorLabels } from './labels.js';
import { NAMESPACES } from './namespaces.js';
import { allowEgressTo, allowFromEdge, allowIngressFrom, baselinePolicies, fromNamespace, publicInternet, urlPort } from './network-policies.js';
import {
  NEXTCLOUD_APPS_HOOK,
  NEXTCLOUD_IS_INSTALLED_PHP,
  NEXTCLOUD_NGINX_CONF,
  nextcloudFpmPool,
  nextcloudInstallScript,
  nextcloudSessionIni,
  nextcloudSystemConfig,
} from './nextcloud-config.js';
import { poolPlacement } from './node-pools.js';
import { ONLYOFFICE_JWT_SECRET, ONLYOFFICE_PROXY_PORT, onlyofficeInternalUrl } from './onlyoffice-wiring.js';
import { postgresCluster, postgresCredentials, postgresHost, postgresSecrets, type PostgresCluster } from './postgresql-cluster.js';
import { bucketBackup } from './bucket-backup.js';
import { APPS_S3_SECRET, clusterS3 } from './object-storage.js';
import { component, resourceRequirements, sidecarResources } from './resources.js';
import { literal, random, type SecretSpec } from './secret-catalogue.js';
import { VALKEY_SECRET, valkey, valkeyService } from './valkey.js';
import { configMap, deployment, labelsFor, service, type Volume } from './workload.js';

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
  ];
}

const htmlMounts = [
  { name: 'html', mountPath: '/var/www/html' },
  { name: 'config', mountPath: '/var/www/html/config/socle.config.php', subPath: 'socle.config.php', readOnly: true },
];
const baseVolumes: Volume[] = [
  // Each pod gets the code copied by the entrypoint; shared state lives in PostgreSQL, Valkey and S3.
  { name: 'html', emptyDir: { sizeLimit: '4Gi' } },
  { name: 'config', configMap: { name: 'nextcloud-config' } },
  { name: 'hooks', configMap: { name: 'nextcloud-hooks', defaultMode: 0o555 } },
];
const WRITABLE = 'PHP-FPM and occ write uploads in transit and other temporary files under /tmp';

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
  const hookMount = { name: 'hooks', mountPath: '/docker-entrypoint-hooks.d/before-starting' };

  const app = deployment({
    ...base,
    component: 'nextcloud-app',
    plan: appPlan,
    user: { uid: WWW_DATA, gid: WWW_DATA },
    volumes: [...baseVolumes, { name: 'fpm', configMap: { name: 'nextcloud-fpm' } }, { name: 'nginx', configMap: { name: 'nextcloud-nginx' } }, { name: 'nginx-tmp', emptyDir: {} }],
    containers: [
      container({
        name: 'php-fpm',
        image,
        resources: resourceRequirements(appPlan),
        env: commonEnv(env, plan),
        ports: [{ name: 'fastcgi', containerPort: 9000 }],
        volumeMounts: [
          ...htmlMounts,
          hookMount,
          { name: 'fpm', mountPath: '/usr/local/etc/php-fpm.d/zz-socle.conf', subPath: 'zz-socle.conf', readOnly: true },
          { name: 'fpm', mountPath: '/usr/local/etc/php/conf.d/zz-socle-session.ini', subPath: 'zz-socle-session.ini', readOnly: true },
        ],
        probes: { liveness: tcpProbe('fastcgi', 60), readiness: tcpProbe('fastcgi', 30), startup: { tcpSocket: { port: 'fastcgi' }, periodSeconds: 10, failureThreshold: 60 } },
        writableRootFilesystemBecause: WRITABLE,
      }),
      container({
        name: 'nginx',
        image: nginxImage,
        resources: sidecarResources(250, 256),
        ports: [{ name: 'http', containerPort: 8080 }],
        volumeMounts: [
          { name: 'html', mountPath: '/var/www/html', readOnly: true },
          { name: 'nginx', mountPath: '/etc/nginx/conf.d' },
          { name: 'nginx-tmp', mountPath: '/tmp' },
        ],
        probes: { liveness: httpProbe('/healthz', 'http'), readiness: httpProbe('/status.php', 'http', 30) },
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
              containers: [
                container({
                  name: 'cron',
                  image,
                  resources: resourceRequirements(cronPlan),
                  command: ['/entrypoint.sh', 'php', '-f', '/var/www/html/cron.php'],
                  env: [...commonEnv(env, plan), envValue('NEXTCLOUD_UPDATE', 1)],
                  volumeMounts: [...htmlMounts, hookMount],
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
          containers: [
            container({
              name: 'install',
              image,
              resources: resourceRequirements(appPlan),
              command: ['/entrypoint.sh', '/bin/sh', '/scripts/install.sh'],
              env: [
                ...commonEnv(env, plan),
                envValue('NEXTCLOUD_UPDATE', 1),
                envValue('SOCLE_FIRST_INSTALL', 1),
                envSecret('NEXTCLOUD_ADMIN_USER', 'nextcloud-admin', 'username'),
                envSecret('NEXTCLOUD_ADMIN_PASSWORD', 'nextcloud-admin', 'password'),
              ],
              volumeMounts: [...htmlMounts, { name: 'scripts', mountPath: '/scripts' }],
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
    configMap(NS, 'nextcloud-config', labels, { 'socle.config.php': nextcloudSystemConfig(env, postgresHost(database), redisHost) }),
    configMap(NS, 'nextcloud-fpm', labels, {
      'zz-socle.conf': nextcloudFpmPool(Math.max(1, Math.ceil(plan.load.phpWorkers / appPlan.replicas))),
      'zz-socle-session.ini': nextcloudSessionIni(redisHost),
    }),
    configMap(NS, 'nextcloud-nginx', labels, { 'nextcloud.conf': NEXTCLOUD_NGINX_CONF }),
    configMap(NS, 'nextcloud-hooks', labels, { '10-fetch-apps.sh': NEXTCLOUD_APPS_HOOK }),
    configMap(NS, 'nextcloud-install', installLabels, {
      'install.sh': nextcloudInstallScript(env, onlyofficeInternalUrl(), NEXTCLOUD_INTERNAL_URL),
      'is-installed.php': NEXTCLOUD_IS_INSTALLED_PHP,
    }),
    ...app,
    service({ ...base, component: 'nextcloud-app' }, [{ name: 'http', port: 80, targetPort: 'http' }], 'nextcloud'),
    ...push,
    service(pushBase, [{ name: 'push', port: 7867 }]),
    cron,
    install,
    ...postgresCluster(database),
    ...bucketBackup(env, NS, 'nextcloud', 'nextcloud-data'),
    ...valkey(env, NS, component(plan, 'redis'), [NS, NAMESPACES.onlyoffice]),
    ingress(NS, 'nextcloud', hosts.nextcloud, [{ path: '/', service: 'nextcloud', port: 80 }], labels),
    // Client Push lives under /push/ and expects the prefix removed (notify_push README, reverse proxy).
    stripPrefix(NS, 'strip-push-prefix', '/push', labels),
    ingress(NS, 'nextcloud-push', hosts.nextcloud, [{ path: '/push', service: 'nextcloud-push', port: 7867 }], labels, { middlewares: ['strip-push-prefix'], certificateOf: 'nextcloud' }),
    ...baselinePolicies(NS),
    allowFromEdge(NS, selectorLabels({ app: 'nextcloud', component: 'nextcloud-app' }), [{ port: 8080 }]),
    allowFromEdge(NS, selectorLabels(pushBase), [{ port: 7867 }], 'allow-push-from-edge'),
    // ONLYOFFICE fetches and saves documents through Nextcloud's internal URL.
    allowIngressFrom(NS, 'allow-from-onlyoffice', selectorLabels({ app: 'nextcloud', component: 'nextcloud-app' }), [fromNamespace(NAMESPACES.onlyoffice)], [{ port: 8080 }]),
    // Primary storage (S3 over HTTPS), the ONLYOFFICE document server, mail.
    allowEgressTo(NS, 'allow-to-object-storage', { 'app.kubernetes.io/name': 'nextcloud' }, [publicInternet], [{ port: urlPort(clusterS3(env).endpoint) }]),
    allowEgressTo(NS, 'allow-to-onlyoffice', { 'app.kubernetes.io/name': 'nextcloud' }, [fromNamespace(NAMESPACES.onlyoffice)], [{ port: ONLYOFFICE_PROXY_PORT }]),
    ...(env.smtp ? [allowEgressTo(NS, 'allow-to-smtp', { 'app.kubernetes.io/name': 'nextcloud' }, [publicInternet], [{ port: env.smtp.port }])] : []),
  ];
}
