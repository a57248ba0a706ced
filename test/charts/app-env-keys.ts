/**
 * The variables, settings and flags each pinned application image is known to read, as found in the
 * vendor's own source of that version. An application silently ignores a variable it does not
 * read, so a misspelt or renamed one would not apply (the worst case: a privacy switch that does
 * not switch): app-env-keys.test.ts checks every key socle renders against this table. Bumping an
 * image makes the test fail until its keys are checked again against that version's source.
 */
import type { ImageName } from '../../charts/images.js';

export interface AppKeys {
  /** The image tag these keys were checked for (the tag socle pins). */
  version: string;
  /** Which files were read, at which version, as evidence. */
  read: string;
  /** Variables the image's own entrypoint or program reads (`OVERWRITE_SETTING_<id>`: a Rocket.Chat setting id). */
  env: string[];
  /** Variables only there for Kubernetes to expand `$(NAME)` into another one: the image never reads them. */
  kubernetesOnly?: string[];
  /** Command-line flags, in `args` or in the commands socle runs with the image. */
  flags?: string[];
}

const RC = 'RocketChat/Rocket.Chat';
const RC_MICROSERVICE: AppKeys = {
  version: '7.10.0',
  read:
    `${RC}: packages/network-broker/src/index.ts (TRANSPORTER, MS_METRICS, MS_METRICS_PORT; metrics off by default), ` +
    'RocketChat/helm-charts rocketchat/templates/microservices-*-deployment.yaml (MONGO_URL, TRANSPORTER, PORT of the DDP streamer)',
  env: ['MONGO_URL', 'TRANSPORTER', 'MS_METRICS', 'MS_METRICS_PORT', 'PORT'],
  kubernetesOnly: ['MONGO_PASSWORD'],
};

/** Setting ids, each registered by the file named (a 7.x snapshot of apps/meteor/server/settings unless said). */
const RC_SETTINGS = [
  // general.ts: Statistics_reporting (hidden, no longer read by sendUsageReport.ts), Update_EnableChecker
  // (read by app/version-check/server/index.ts), NPS_survey_enabled, Show_Setup_Wizard, Site_Name.
  'Statistics_reporting',
  'Update_EnableChecker',
  'NPS_survey_enabled',
  'Show_Setup_Wizard',
  'Site_Name',
  // setup-wizard.ts
  'Register_Server',
  // push.ts
  'Push_enable',
  'Push_enable_gateway',
  'Push_gateway',
  'Push_show_message',
  'Push_show_username_room',
  // file-upload.ts
  'FileUpload_Storage_Type',
  'FileUpload_S3_Bucket',
  'FileUpload_S3_Region',
  'FileUpload_S3_BucketURL',
  'FileUpload_S3_ForcePathStyle',
  'FileUpload_S3_Proxy_Uploads',
  'FileUpload_S3_Proxy_Avatars',
  'FileUpload_S3_AWSAccessKeyId',
  'FileUpload_S3_AWSSecretAccessKey',
  // email.ts
  'SMTP_Host',
  'SMTP_Port',
  'From_Email',
  // ee/server/settings (Enterprise group, section Enterprise/License)
  'Enterprise_License',
];

export const APP_KEYS: Partial<Record<ImageName, AppKeys>> = {
  rocketchat: {
    version: '7.10.0',
    read:
      `${RC} (7.x snapshots; the store has no 7.10.0 tag): apps/meteor/server/settings/{general,setup-wizard,push,file-upload,email}.ts, ` +
      'app/settings/server/functions/overwriteSetting.ts (OVERWRITE_SETTING_<id> for every registered setting, hidden and enterprise ones included), ' +
      'server/startup/initialData.ts (ADMIN_USERNAME, ADMIN_PASS, ADMIN_EMAIL), server/lib/isRunningMs.ts and ee/server/startup/services.ts ' +
      '(TRANSPORTER), ee/server/local-services/instance (INSTANCE_IP), app/version-check/server/functions/getNewUpdates.ts (DEPLOY_METHOD), ' +
      'app/statistics/server/functions/sendUsageReport.ts (no setting: only RC_DISABLE_STATISTICS_REPORTING, added by PR #38020 after 7.10); ' +
      'ROOT_URL, PORT, MONGO_URL: Meteor',
    env: ['MONGO_URL', 'TRANSPORTER', 'ROOT_URL', 'PORT', 'INSTANCE_IP', 'DEPLOY_METHOD', 'ADMIN_USERNAME', 'ADMIN_PASS', 'ADMIN_EMAIL', ...RC_SETTINGS.map((id) => `OVERWRITE_SETTING_${id}`)],
    kubernetesOnly: ['MONGO_PASSWORD'],
  },
  rocketchatDdpStreamer: RC_MICROSERVICE,
  rocketchatAccounts: RC_MICROSERVICE,
  rocketchatAuthorization: RC_MICROSERVICE,
  rocketchatPresence: RC_MICROSERVICE,
  wekan: {
    version: 'v7.93',
    read:
      'wekan/wekan: Dockerfile (ENV list; WRITABLE_PATH=/data, PORT=8080), docker-compose.yml (MAIL_URL, MAIL_FROM, WITH_API, ' +
      'BROWSER_POLICY_ENABLED, MONGO_OPLOG_URL, OAUTH2_* with the Keycloak example), server/authentication.js (OAUTH2_ENABLED, ' +
      '_LOGIN_STYLE, _CLIENT_ID, _SECRET, _SERVER_URL, _AUTH/_TOKEN/_USERINFO_ENDPOINT, _REQUEST_PERMISSIONS: a 7.x snapshot), ' +
      'packages/wekan-oidc/oidc_server.js (OAUTH2_*_MAP), models/attachments.js (WRITABLE_PATH; uploads moved to GridFS in 7.x); ' +
      'ROOT_URL, MONGO_URL, MONGO_OPLOG_URL: Meteor',
    env: [
      'MONGO_URL',
      'MONGO_OPLOG_URL',
      'ROOT_URL',
      'PORT',
      'WRITABLE_PATH',
      'WITH_API',
      'BROWSER_POLICY_ENABLED',
      'MAIL_URL',
      'MAIL_FROM',
      'OAUTH2_ENABLED',
      'OAUTH2_LOGIN_STYLE',
      'OAUTH2_CLIENT_ID',
      'OAUTH2_SECRET',
      'OAUTH2_SERVER_URL',
      'OAUTH2_AUTH_ENDPOINT',
      'OAUTH2_TOKEN_ENDPOINT',
      'OAUTH2_USERINFO_ENDPOINT',
      'OAUTH2_REQUEST_PERMISSIONS',
      'OAUTH2_ID_MAP',
      'OAUTH2_USERNAME_MAP',
      'OAUTH2_FULLNAME_MAP',
      'OAUTH2_EMAIL_MAP',
    ],
    kubernetesOnly: ['MONGO_PASSWORD'],
  },
  mongodb: {
    version: '8.0.13',
    read:
      'docker-library/mongo 8.0/Dockerfile (uid 999, mongodb-org-tools: mongodump) and 8.0/docker-entrypoint.sh (args starting with - run ' +
      'mongod; MONGO_INITDB_ROOT_USERNAME/PASSWORD add --auth and create the root user on a first start without --keyFile); ' +
      'MongoDB 8.0 manual: mongod --replSet/--bind_ip_all/--keyFile, mongosh --quiet/--eval/--nodb (a script then connect()s itself: mongosh "Write Scripts"), mongodump --quiet/--oplog/--gzip/--archive/--config (database tools ≥ 100.3.0)',
    env: ['MONGO_INITDB_ROOT_USERNAME', 'MONGO_INITDB_ROOT_PASSWORD'],
    flags: ['--replSet', '--bind_ip_all', '--keyFile', '--quiet', '--eval', '--nodb', '--oplog', '--gzip', '--archive', '--config'],
  },
  nats: {
    version: '2.11.8-alpine',
    read: 'nats-io/nats-server docs (configuration: port, http, server_name, cluster {name, port, routes}; $VAR from the environment); nats-server --config',
    env: ['POD_NAME'],
    flags: ['--config'],
  },
};

/** Top-level and `cluster { … }` keys of nats.conf the pinned nats-server reads. */
export const NATS_CONF_KEYS = ['port', 'http', 'server_name', 'cluster', 'name', 'routes'];
