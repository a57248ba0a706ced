/**
 * The settings each pinned Nextcloud / ONLYOFFICE image is known to read, as found in the vendors'
 * own files. An application silently ignores a variable or key it does not read — a misspelt
 * privacy switch stays off — so app-config.test.ts checks every environment variable, config.php
 * key and occ setting socle renders against these lists. Each list names the image tag it was
 * checked for: bumping an image in charts/images.ts fails the test until the list is checked
 * again against that version's files.
 *
 * Config keys are paths: `objectstore.arguments.bucket`; `*` stands for any one key or index.
 */
import type { ImageName } from '../../charts/images.js';

export interface ImageEnv {
  /** The image tag (charts/images.ts) these variables were checked for. */
  version: string;
  /** The images sharing this list (an edition's twin reads the same variables). */
  images: ImageName[];
  /** Which files were read, at which version, as evidence. */
  read: string;
  /** Variables the image's entrypoint or program reads. */
  reads: string[];
  /**
   * Variables socle sets only for its own rendered files (config files, scripts, other variables'
   * `$(NAME)`): the test checks that each is referenced there.
   */
  socleOwn: string[];
}

export const IMAGE_ENV: Record<string, ImageEnv> = {
  nextcloud: {
    version: '31.0.9-fpm',
    images: ['nextcloud'],
    read:
      'nextcloud/docker: 31/fpm-alpine/entrypoint.sh (31 branch: NEXTCLOUD_UPDATE, NEXTCLOUD_ADMIN_*, POSTGRES_*, REDIS_HOST*), ' +
      '31/fpm/Dockerfile (31.0.5 snapshot: PHP_MEMORY_LIMIT, PHP_UPLOAD_LIMIT in conf.d/nextcloud.ini), ' +
      '.config/redis.config.php (REDIS_HOST_PASSWORD); php-fpm docker.conf keeps the environment (clear_env = no) for getenv()',
    reads: ['NEXTCLOUD_UPDATE', 'NEXTCLOUD_ADMIN_USER', 'NEXTCLOUD_ADMIN_PASSWORD', 'POSTGRES_HOST', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'PHP_MEMORY_LIMIT', 'PHP_UPLOAD_LIMIT', 'REDIS_HOST_PASSWORD'],
    socleOwn: [
      'NEXTCLOUD_INSTANCE_ID',
      'NEXTCLOUD_PASSWORD_SALT',
      'NEXTCLOUD_SECRET',
      'S3_ACCESS_KEY',
      'S3_SECRET_KEY',
      'ONLYOFFICE_JWT_SECRET',
      // Read by charts/apps/nextcloud/nextcloud-prepare.php, the install script and nextcloud-shared-maintenance.php.
      'SOCLE_ROLE',
      'SOCLE_RELEASE',
    ],
  },
  notifyPush: {
    version: '1.1.0',
    images: ['notifyPush'],
    read: 'nextcloud/notify_push: src/config.rs (1.x, PartialConfig::from_env: DATABASE_URL, DATABASE_PREFIX, REDIS_URL, NEXTCLOUD_URL, PORT)',
    reads: ['DATABASE_URL', 'DATABASE_PREFIX', 'REDIS_URL', 'NEXTCLOUD_URL', 'PORT'],
    socleOwn: ['DB_USER', 'DB_PASSWORD', 'REDIS_PASSWORD'],
  },
  onlyofficeDocs: {
    version: '9.0.4-1',
    images: ['onlyofficeDocservice', 'onlyofficeDocserviceEnterprise', 'onlyofficeConverter', 'onlyofficeConverterEnterprise'],
    read:
      'ONLYOFFICE/Docker-Docs: docker-entrypoint.sh (a 9.x snapshot, with the Visio editor: NODE_CONFIG from DB_*, AMQP_*, ' +
      'REDIS_SERVER_*, JWT_*, SECURE_LINK_SECRET, ALLOW_PRIVATE_IP_ADDRESS, METRICS_*, WOPI_*), README.md, .env (RELEASE_VERSION=-9.0.4)',
    reads: [
      'DB_TYPE',
      'DB_HOST',
      'DB_PORT',
      'DB_NAME',
      'DB_USER',
      'DB_PWD',
      'AMQP_TYPE',
      'AMQP_USER',
      'AMQP_PWD',
      'AMQP_HOST',
      'AMQP_PORT',
      'REDIS_SERVER_HOST',
      'REDIS_SERVER_PORT',
      'REDIS_SERVER_PWD',
      'REDIS_SERVER_DB_NUM',
      'JWT_ENABLED',
      'JWT_SECRET',
      'JWT_HEADER',
      'JWT_IN_BODY',
      'SECURE_LINK_SECRET',
      'ALLOW_PRIVATE_IP_ADDRESS',
    ],
    // Named in socle's custom-environment-variables.json, which node-config reads (ONLYOFFICE_CONFIG_KEYS).
    socleOwn: ['S3_ACCESS_KEY', 'S3_SECRET_KEY'],
  },
  onlyofficeProxy: {
    version: '9.0.4-1',
    images: ['onlyofficeProxy', 'onlyofficeProxyEnterprise'],
    read: 'ONLYOFFICE/Docker-Docs: Dockerfile (proxy stage ENV, EXPOSE 8888), proxy-docker-entrypoint.sh (SECURE_LINK_SECRET into ds.conf), README.md',
    reads: ['DOCSERVICE_HOST_PORT', 'SECURE_LINK_SECRET'],
    socleOwn: [],
  },
  valkey: {
    version: '8.1.3-alpine',
    images: ['valkey'],
    read: 'valkey-server and valkey-sentinel take their settings from valkey.conf and sentinel.conf, which socle\'s start scripts write; valkey-cli reads its password from REDISCLI_AUTH (valkey src/valkey-cli.c@8.1.3)',
    reads: ['REDISCLI_AUTH'],
    socleOwn: [],
  },
  haproxy: {
    version: '3.2.4-alpine',
    images: ['haproxy'],
    read: 'haproxy reads haproxy.cfg, which socle renders (environment variables expand in it as "${NAME}")',
    reads: [],
    socleOwn: ['VALKEY_PASSWORD'],
  },
  rabbitmq: {
    version: '4.1.4-management-alpine',
    images: ['rabbitmq'],
    read:
      'docker-library/rabbitmq: 4.1/ubuntu/docker-entrypoint.sh (RABBITMQ_USE_LONGNAME; the *_FILE and SSL variables are refused); ' +
      'RABBITMQ_NODENAME, RABBITMQ_CONFIG_FILE, RABBITMQ_DEFAULT_USER/PASS are read by rabbitmq-server itself (RabbitMQ "Environment Variables")',
    reads: ['RABBITMQ_USE_LONGNAME', 'RABBITMQ_NODENAME', 'RABBITMQ_CONFIG_FILE', 'RABBITMQ_DEFAULT_USER', 'RABBITMQ_DEFAULT_PASS'],
    socleOwn: ['POD_NAME'],
  },
};

/** The Nextcloud version the config.php keys and occ commands below were checked for. */
export const NEXTCLOUD_CHECKED = {
  version: '31.0.9-fpm',
  read:
    'nextcloud/documentation admin_manual config_sample_php_parameters (lookup_server, gs.enabled, has_internet_connection, ' +
    'connectivity_check_domains, updatechecker, appstoreenabled, upgrade.disable-web, maintenance_window_start, …); ' +
    'nextcloud/server lib/private/Files/ObjectStore/S3ConnectionTrait.php (the S3 arguments; verify_bucket_exists since 21, no ' +
    "'autocreate'); nextcloud/docker .config/apps.config.php (apps_paths); apps/theming lib/Command/UpdateConfig.php " +
    "(SUPPORTED_KEYS); core/Command/Upgrade.php (ERROR_UP_TO_DATE = 0); nextcloud/notifications lib/Push.php (has_internet_connection stops proxy pushes; subscription_aware_server " +
    'only chooses which proxy gets the subscription key); core/Command/App/Enable.php (installs an app whose code is ' +
    'present without the app store: isDownloaded, installApp)',
};

/** Keys of config.php that Nextcloud 31 reads (lib/private, config.sample.php). */
export const NEXTCLOUD_SYSTEM_KEYS: string[] = [
  'installed',
  'instanceid',
  'passwordsalt',
  'secret',
  'dbtype',
  'dbhost',
  'dbname',
  'dbuser',
  'dbpassword',
  'dbtableprefix',
  'datadirectory',
  'apps_paths.*.path',
  'apps_paths.*.url',
  'apps_paths.*.writable',
  'trusted_domains.*',
  'trusted_proxies.*',
  'forwarded_for_headers.*',
  'overwriteprotocol',
  'overwrite.cli.url',
  'objectstore.class',
  'objectstore.arguments.bucket',
  'objectstore.arguments.hostname',
  'objectstore.arguments.port',
  'objectstore.arguments.region',
  'objectstore.arguments.use_ssl',
  'objectstore.arguments.use_path_style',
  'objectstore.arguments.verify_bucket_exists',
  'objectstore.arguments.key',
  'objectstore.arguments.secret',
  'memcache.local',
  'memcache.distributed',
  'memcache.locking',
  'redis.host',
  'redis.port',
  'redis.password',
  'redis.dbindex',
  'has_internet_connection',
  'appstoreenabled',
  'updatechecker',
  'upgrade.disable-web',
  'connectivity_check_domains',
  'lookup_server',
  'gs.enabled',
  'enable_previews',
  'maintenance_window_start',
  'log_type',
  'loglevel',
  'mail_smtpmode',
  'mail_smtphost',
  'mail_smtpport',
  'mail_smtpsecure',
  'mail_from_address',
  'mail_domain',
  // The ONLYOFFICE connector's system keys (AppConfig::getSystemValue reads the 'onlyoffice' array).
  'onlyoffice.jwt_secret',
  'onlyoffice.jwt_header',
];

/**
 * App settings socle writes with `occ config:app:set <app> <key>`, and the reader of each. The
 * ONLYOFFICE connector and Client Push are pinned in charts/apps/nextcloud/nextcloud-apps.ts: checked against
 * ONLYOFFICE/onlyoffice-nextcloud lib/AppConfig.php (a 2025 9.x snapshot: the keys are unchanged
 * since the 2018 lib/appconfig.php) and nextcloud/notify_push's capabilities and setup command
 * (getAppValue / setAppValue 'notify_push', 'base_endpoint'). socle's own record (app id socle:
 * version, release, maintenance) is written and read by nextcloud-prepare.php, not through occ.
 */
export const NEXTCLOUD_APP_KEYS: string[] = [
  'onlyoffice DocumentServerUrl',
  'onlyoffice DocumentServerInternalUrl',
  'onlyoffice StorageUrl',
  'notify_push base_endpoint',
];

/** occ commands and theming keys of Nextcloud 31 socle's install script runs. */
export const NEXTCLOUD_OCC_COMMANDS: string[] = ['maintenance:install', 'upgrade', 'app:list', 'app:install', 'app:enable', 'background:cron', 'config:app:set', 'config:system:get', 'theming:config'];
export const NEXTCLOUD_THEMING_KEYS: string[] = ['name', 'url', 'imprintUrl', 'privacyUrl', 'slogan', 'color', 'disable-user-theming'];

/**
 * The ONLYOFFICE Docs server settings socle writes as node-config files into NODE_CONFIG_DIR
 * (charts/apps/onlyoffice/onlyoffice-storage.ts): key paths the pinned server reads.
 */
export const ONLYOFFICE_CHECKED = {
  version: '9.0.4-1',
  read:
    'ONLYOFFICE/server: Common/config/default.json (the storage section: name, region, endpoint, bucketName, accessKeyId, ' +
    'secretAccessKey, sslEnabled, s3ForcePathStyle, useDirectStorageUrls; expire.files 86400 with filesCron), ' +
    'Common/sources/storage/storage-s3.js (S3Client from region, endpoint, credentials, tls = sslEnabled, forcePathStyle), ' +
    'storage-base.js (getSignedUrl: direct S3 links only when useDirectStorageUrls, otherwise /storage-cache/ links signed ' +
    'with storage.fs.secretString; persistentStorage is storage merged with persistentStorage), DocService/sources/routes/static.js ' +
    '(serves /storage-cache/ from S3 when needServeStatic); ONLYOFFICE/Docker-Docs Dockerfile (NODE_ENV production-linux, ' +
    'NODE_CONFIG_DIR /etc/onlyoffice/documentserver), docker-entrypoint.sh (exports its own NODE_CONFIG: storage.fs and ' +
    'storageFolderName only), Kubernetes-Docs templates/deployments/converter.yaml (extraConf: a JSON file mounted into that directory); ' +
    'Common/package.json (node-config "config" 3.3.12: loads local-{NODE_ENV}.json after default and {NODE_ENV}.json, and ' +
    'custom-environment-variables.json maps keys to variable names); ' +
    'Common/config/default.json L137-198 and Common/sources/taskqueueRabbitMQ.js L49-53 (rabbitmq.queue*.options, passed to amqplib assertQueue)',
};

export const ONLYOFFICE_CONFIG_KEYS: string[] = [
  'storage.name',
  'storage.region',
  'storage.endpoint',
  'storage.bucketName',
  'storage.accessKeyId',
  'storage.secretAccessKey',
  'storage.sslEnabled',
  'storage.s3ForcePathStyle',
  'storage.useDirectStorageUrls',
  'rabbitmq.queueconverttask.options.maxPriority',
  'rabbitmq.queueconverttask.options.arguments.x-queue-type',
  'rabbitmq.queueconvertresponse.options.arguments.x-queue-type',
  'rabbitmq.queueconvertdead.options.arguments.x-queue-type',
  'rabbitmq.queuedelayed.options.arguments.x-queue-type',
];
