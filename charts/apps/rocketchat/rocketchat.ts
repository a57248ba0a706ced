/**
 * Rocket.Chat ("DISCUTONS"): the monolith (community: one instance, the licence's limit;
 * enterprise: the planned replicas, plus the microservices and NATS when the plan has them), its
 * MongoDB replica set, phone-home off and push content-free, and the Jitsi video-conference
 * provider pointed at the authority's own Jitsi with a JWT shared with prosody.
 */
import type { Environment } from '../../../environments/environment.js';
import { appHosts } from '../../../environments/environment.js';
import type { ComponentPlan, SizingPlan } from '../../../sizing/sizing-plan.js';
import { container, envSecret, envValue, httpProbe, tcpProbe, type EnvVar } from '../../container.js';
import { ingress, type Route } from '../../platform/edge.js';
import { imageRef, type ImageName } from '../../images.js';
import { JITSI_JWT_APP_ID } from '../jitsi/jitsi-wiring.js';
import type { KubeObject } from '../../kube-object.js';
import { selectorLabels } from '../../labels.js';
import { bucketBackup } from '../../data/bucket-backup.js';
import { mongoBackup, mongoBackupSecrets } from '../../data/mongodb-backup.js';
import { JITSI_SETTINGS_CONFIGMAP, rocketchatJitsiApp } from './rocketchat-jitsi-app.js';
import { mongoReplicaSet, mongoSecret, mongoSecrets, mongoUrl, type MongoReplicaSet } from '../../data/mongodb-replica-set.js';
import { NAMESPACES } from '../../platform/namespaces.js';
import { nats } from './nats.js';
import { APPS_S3_SECRET, appBucket, clusterS3 } from '../../data/object-storage.js';
import { allowEgressTo, allowFromEdge, baselinePolicies, publicInternet, urlPort } from '../../platform/network-policies.js';
import { component, optionalComponent, resourceRequirements } from '../../resources.js';
import { fromConfig, literal, random, type SecretSpec } from '../../secret-catalogue.js';
import { configMap, deployment, labelsFor, service } from '../../workload.js';

const NS = NAMESPACES.rocketchat;
const RC_UID = 65533;
export const ROCKETCHAT_LICENCE_SECRET = 'rocketchat-licence';

const mongo = (env: Environment, plan: SizingPlan): MongoReplicaSet => ({ env, namespace: NS, app: 'rocketchat', plan: component(plan, 'rocketchat-mongodb'), database: 'rocketchat' });

export function rocketchatSecrets(env: Environment, plan: SizingPlan): SecretSpec[] {
  return [
    mongoSecrets(mongo(env, plan)),
    ...mongoBackupSecrets(mongo(env, plan)),
    { name: 'rocketchat-admin', namespaces: [NS], values: { username: literal('admin'), password: random(24) }, purpose: 'Rocket.Chat first administrator' },
    ...(env.apps.rocketchat.edition === 'enterprise'
      ? [{ name: ROCKETCHAT_LICENCE_SECRET, namespaces: [NS], values: { licence: fromConfig('rocketchatLicence') }, purpose: 'Rocket.Chat Enterprise licence' }]
      : []),
  ];
}

/**
 * Settings forced at every start (`OVERWRITE_SETTING_<id>`, read for every registered setting, hidden
 * ones included: app/settings/server/functions/overwriteSetting.ts): no cloud registration, no update
 * check, no NPS survey, push off or through the environment's gateway, and never the message text or
 * sender in a push (it ends at Apple or Google). Statistics_reporting alone no longer stops the daily
 * report in 7.x (sendUsageReport.ts posts regardless): ROCKETCHAT_PHONE_HOME_HOSTS does.
 */
export function rocketchatSettings(env: Environment): Record<string, string> {
  const gateway = env.apps.rocketchat.pushGateway;
  return {
    Statistics_reporting: 'false',
    Register_Server: 'false',
    Update_EnableChecker: 'false',
    NPS_survey_enabled: 'false',
    Push_enable: gateway ? 'true' : 'false',
    Push_enable_gateway: gateway ? 'true' : 'false',
    ...(gateway ? { Push_gateway: gateway } : {}),
    Push_show_message: 'false',
    Push_show_username_room: 'false',
    Show_Setup_Wizard: 'completed',
    Site_Name: env.authority.name,
    // Uploads in the attachments bucket of the cluster region, served through Rocket.Chat (bucket stays private).
    FileUpload_Storage_Type: 'AmazonS3',
    FileUpload_S3_Bucket: appBucket(env, 'attachments'),
    FileUpload_S3_Region: clusterS3(env).region,
    FileUpload_S3_BucketURL: clusterS3(env).endpoint,
    FileUpload_S3_ForcePathStyle: 'true',
    FileUpload_S3_Proxy_Uploads: 'true',
    FileUpload_S3_Proxy_Avatars: 'true',
    ...(env.smtp ? { SMTP_Host: env.smtp.host, SMTP_Port: String(env.smtp.port), From_Email: env.smtp.from } : {}),
  };
}

/**
 * The Jitsi app's settings, by the app's own setting ids (RocketChat/Apps.Jitsi src/settings.ts): the
 * authority's Jitsi over HTTPS; tokens signed with the secret shared with prosody (Secret jitsi-jwt,
 * key app-secret, entered as jitsi_application_secret: never here), issuer and audience `socle`,
 * valid for their room only and for the shortest lifetime the app's token library knows
 * (jsrsasign IntDate: "now + 1hour"); no room-name prefix, no screen-sharing extension.
 */
export function rocketchatJitsiSettings(env: Environment): Record<string, string> {
  return {
    jitsi_domain: appHosts(env).jitsi,
    jitsi_ssl: 'true',
    jitsi_title_prefix: '',
    jitsi_title_suffix: '',
    jitsi_chrome_extension: '',
    jitsi_auth_token: 'true',
    jitsi_application_id: JITSI_JWT_APP_ID,
    jitsi_token_auditor: JITSI_JWT_APP_ID,
    jitsi_limit_token_to_room: 'true',
    jitsi_token_expiration: 'now + 1hour',
  };
}

/**
 * Rocket.Chat's own hosts, sent to a closed local port: 7.10 posts its statistics to the collector
 * whatever Statistics_reporting says (app/statistics/server/functions/sendUsageReport.ts), and fetches
 * supported versions, update checks, cloud and marketplace data from these hosts; the egress that
 * object storage needs (443 to the internet) would otherwise let them through.
 */
export const ROCKETCHAT_PHONE_HOME_HOSTS = ['collector.rocket.chat', 'cloud.rocket.chat', 'releases.rocket.chat', 'marketplace.rocket.chat'];

/**
 * MongoDB and, with microservices, the NATS bus: every process, the monolith included, as `nats://`
 * (server/lib/isRunningMs.ts: only `nats…`/`TCP…` hands the services to the bus; `monolith+` is for
 * monolith-only clusters and would keep every service inside each monolith).
 */
function serverEnv(env: Environment, plan: SizingPlan, onBus: boolean): EnvVar[] {
  const m = mongo(env, plan);
  return [
    // Only expanded into MONGO_URL by Kubernetes; Rocket.Chat itself never reads it.
    envSecret('MONGO_PASSWORD', mongoSecret(m), 'app-password'),
    envValue('MONGO_URL', mongoUrl(m, 'rocketchat', 'rocketchat', 'rocketchat')),
    ...(onBus ? [envValue('TRANSPORTER', `nats://rocketchat-nats.${NS}.svc.cluster.local:4222`)] : []),
  ];
}

interface Microservice {
  name: string;
  image: ImageName;
  port?: number;
}

const MICROSERVICES: Microservice[] = [
  { name: 'rocketchat-ddp-streamer', image: 'rocketchatDdpStreamer', port: 3000 },
  { name: 'rocketchat-accounts', image: 'rocketchatAccounts' },
  { name: 'rocketchat-authorization', image: 'rocketchatAuthorization' },
  { name: 'rocketchat-presence', image: 'rocketchatPresence' },
];
/**
 * Rocket.Chat microservices expose Prometheus metrics on MS_METRICS_PORT only when MS_METRICS=true
 * (packages/network-broker: both off by default): the liveness signal of port-less services.
 */
const METRICS_PORT = 9458;

export function rocketchat(env: Environment, plan: SizingPlan): KubeObject[] {
  const image = imageRef(env, 'rocketchat');
  const hosts = appHosts(env);
  const monoPlan = component(plan, 'rocketchat');
  const services = MICROSERVICES.map((s) => ({ ...s, plan: optionalComponent(plan, s.name) })).filter((s): s is Microservice & { plan: ComponentPlan } => s.plan !== undefined);
  const natsPlan = optionalComponent(plan, 'rocketchat-nats');
  const microservices = services.length > 0 && natsPlan !== undefined;
  const base = { env, namespace: NS, app: 'rocketchat' };
  const monoBase = { ...base, component: 'rocketchat', versionImage: image };
  const enterprise = env.apps.rocketchat.edition === 'enterprise';
  const settings = Object.entries(rocketchatSettings(env)).map(([id, value]) => envValue(`OVERWRITE_SETTING_${id}`, value));
  const WRITABLE = 'the Meteor bundle writes to its application directory at start (uploads go to GridFS/S3, not here)';

  const monolith = deployment({
    ...monoBase,
    plan: monoPlan,
    user: { uid: RC_UID, gid: RC_UID },
    hostAliases: [{ ip: '127.0.0.1', hostnames: ROCKETCHAT_PHONE_HOME_HOSTS }],
    podAnnotations: { 'socle.io/edition': enterprise ? `enterprise: ${monoPlan.replicas} instances, licence from Secret ${ROCKETCHAT_LICENCE_SECRET}` : 'community: one instance (Rocket.Chat licence)' },
    containers: [
      container({
        name: 'rocketchat',
        image,
        resources: resourceRequirements(monoPlan),
        env: [
          ...serverEnv(env, plan, microservices),
          envValue('ROOT_URL', `https://${hosts.rocketchat}`),
          envValue('PORT', 3000),
          { name: 'INSTANCE_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          envValue('DEPLOY_METHOD', 'socle'),
          envSecret('ADMIN_USERNAME', 'rocketchat-admin', 'username'),
          envSecret('ADMIN_PASS', 'rocketchat-admin', 'password'),
          envValue('ADMIN_EMAIL', `admin@${env.authority.domain}`),
          ...settings,
          envSecret('OVERWRITE_SETTING_FileUpload_S3_AWSAccessKeyId', APPS_S3_SECRET, 'access-key'),
          envSecret('OVERWRITE_SETTING_FileUpload_S3_AWSSecretAccessKey', APPS_S3_SECRET, 'secret-key'),
          ...(enterprise ? [envSecret('OVERWRITE_SETTING_Enterprise_License', ROCKETCHAT_LICENCE_SECRET, 'licence')] : []),
        ],
        ports: [{ name: 'http', containerPort: 3000 }],
        probes: {
          liveness: httpProbe('/health', 'http', 60),
          readiness: httpProbe('/health', 'http', 30),
          startup: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10, failureThreshold: 60 },
        },
        writableRootFilesystemBecause: WRITABLE,
      }),
    ],
  });

  const microObjects = services.flatMap((s) => {
    const msImage = imageRef(env, s.image);
    const msBase = { ...base, component: s.name, versionImage: msImage };
    const ports = [...(s.port ? [{ name: 'http', containerPort: s.port }] : []), { name: 'metrics', containerPort: METRICS_PORT }];
    return [
      ...deployment({
        ...msBase,
        plan: s.plan,
        user: { uid: RC_UID, gid: RC_UID },
        containers: [
          container({
            name: s.name.replace(/^rocketchat-/, ''),
            image: msImage,
            resources: resourceRequirements(s.plan),
            env: [...serverEnv(env, plan, true), envValue('MS_METRICS', 'true'), envValue('MS_METRICS_PORT', METRICS_PORT), ...(s.port ? [envValue('PORT', s.port)] : [])],
            ports,
            probes: { liveness: tcpProbe(s.port ? 'http' : 'metrics', 30), readiness: tcpProbe(s.port ? 'http' : 'metrics', 10) },
          }),
        ],
      }),
      ...(s.port ? [service(msBase, [{ name: 'http', port: s.port }])] : []),
    ];
  });

  // With microservices, the DDP streamer takes the client websockets (docs.rocket.chat microservices).
  const routes: Route[] = [
    ...(microservices ? [{ path: '/websocket', service: 'rocketchat-ddp-streamer', port: 3000 }, { path: '/sockjs', service: 'rocketchat-ddp-streamer', port: 3000 }] : []),
    { path: '/', service: 'rocketchat', port: 3000 },
  ];

  return [
    ...monolith,
    service(monoBase, [{ name: 'http', port: 3000 }]),
    ...microObjects,
    ...(microservices && natsPlan ? nats(env, NS, 'rocketchat', natsPlan) : []),
    configMap(NS, JITSI_SETTINGS_CONFIGMAP, labelsFor(monoBase), rocketchatJitsiSettings(env)),
    ...rocketchatJitsiApp(env, rocketchatJitsiSettings(env)),
    ...mongoReplicaSet(mongo(env, plan)),
    ...mongoBackup(mongo(env, plan), plan),
    ...bucketBackup(env, plan, NS, 'rocketchat', 'attachments'),
    ingress(NS, 'rocketchat', hosts.rocketchat, routes, selectorLabels(monoBase)),
    ...baselinePolicies(NS),
    allowFromEdge(NS, { 'app.kubernetes.io/name': 'rocketchat' }, [{ port: 3000 }]),
    // Object storage (uploads), the push gateway when the environment names one, and SMTP; nothing else leaves.
    allowEgressTo(NS, 'allow-to-object-storage', selectorLabels(monoBase), [publicInternet], [{ port: urlPort(clusterS3(env).endpoint) }]),
    ...(env.apps.rocketchat.pushGateway ? [allowEgressTo(NS, 'allow-to-push-gateway', selectorLabels(monoBase), [publicInternet], [{ port: 443 }])] : []),
    ...(env.smtp ? [allowEgressTo(NS, 'allow-to-smtp', selectorLabels(monoBase), [publicInternet], [{ port: env.smtp.port }])] : []),
  ];
}
