/**
 * The connections each Pod of the suite must be able to open, declared from what its program is
 * configured to reach (the host names and ports in its configuration, cited per row), not from
 * socle's NetworkPolicies: the check then asks the policies the API server holds whether each one
 * goes through, and that no Pod reaches the internet on any other port.
 *
 * A destination is the cluster DNS, the Kubernetes API, a Service (resolved through the Service
 * object the API server holds, to the Pods it selects and their target port), a node (host-network
 * Jitsi bridges) or a public address on a port. NetworkPolicy matches addresses, never host names,
 * so "S3 at s3.gra.io.cloud.ovh.net:443" is "a public address on 443" here.
 */
import type { Environment } from '../../../environments/environment.js';
import { findRegion } from '../../../environments/catalogue/regions.js';
import type { SizingPlan } from '../../../sizing/sizing-plan.js';

export type Destination =
  | { readonly dns: true }
  | { readonly api: true }
  | { readonly service: string; readonly namespace: string; readonly port: number }
  | { readonly node: number }
  | { readonly internet: number };

export interface NeededFlow {
  readonly what: string;
  readonly to: Destination;
  readonly protocol?: 'TCP' | 'UDP';
}

export interface PodFlows {
  readonly namespace: string;
  /** Labels that pick the Pods (all must match); `app.kubernetes.io/component` may be a pattern. */
  readonly labels: Readonly<Record<string, string | RegExp>>;
  readonly flows: readonly NeededFlow[];
}

const portOf = (url: string) => {
  const u = new URL(url);
  return u.port ? Number(u.port) : u.protocol === 'http:' ? 80 : 443;
};

const svc = (namespace: string, service: string, port: number): Destination => ({ service, namespace, port });
const flow = (what: string, to: Destination): NeededFlow => ({ what, to });

export function neededFlows(env: Environment, plan: SizingPlan): PodFlows[] {
  const s3 = findRegion(env.cloud.provider, env.cloud.region)?.s3;
  const backupS3 = env.backups ? findRegion(env.cloud.provider, env.backups.region)?.s3 : undefined;
  const s3Port = s3 ? portOf(s3.endpoint) : undefined;
  const backupPort = backupS3 ? portOf(backupS3.endpoint) : undefined;
  const appS3 = (what: string) => (s3Port ? [flow(`${what} → object storage ${s3!.endpoint}`, { internet: s3Port })] : []);
  const backupStore = backupPort ? [flow(`backups → object storage ${backupS3!.endpoint}`, { internet: backupPort })] : [];
  const smtp = env.smtp ? [flow(`mail → ${env.smtp.host}:${env.smtp.port}`, { internet: env.smtp.port })] : [];
  const issuer = env.identity ? [flow(`OIDC → ${env.identity.oidc.issuer}`, { internet: portOf(env.identity.oidc.issuer) })] : [];
  // The before-starting hook (10-fetch-apps.sh) and `occ app:install` download app archives
  // (charts/apps/nextcloud/nextcloud-config.ts NEXTCLOUD_APPS_HOOK; design exception: GitHub releases).
  const appArchives = flow('app archives (app store / GitHub releases over HTTPS)', { internet: 443 });
  const nextcloudDb = flow('PostgreSQL nextcloud-postgresql-rw.nextcloud.svc (POSTGRES_HOST, config.php dbhost)', svc('nextcloud', 'nextcloud-postgresql-rw', 5432));
  const valkey = flow('Valkey valkey.nextcloud.svc.cluster.local:6379 (config.php redis, REDIS_SERVER_HOST)', svc('nextcloud', 'valkey', 6379));
  const onlyofficeDb = flow('PostgreSQL onlyoffice-postgresql-rw.onlyoffice.svc (DB_HOST)', svc('onlyoffice', 'onlyoffice-postgresql-rw', 5432));
  const rabbit = flow('RabbitMQ onlyoffice-rabbitmq-headless:5672 (AMQP_HOST)', svc('onlyoffice', 'onlyoffice-rabbitmq-headless', 5672));
  const mongo = (app: string) => flow(`MongoDB ${app}-mongodb-N.${app}-mongodb-headless:27017 (MONGO_URL)`, svc(app, `${app}-mongodb-headless`, 27017));
  // With microservices every Rocket.Chat process is on the NATS bus (TRANSPORTER, charts/apps/rocketchat/rocketchat.ts).
  const nats = plan.components.some((c) => c.name === 'rocketchat-nats') ? [flow('NATS rocketchat-nats:4222 (TRANSPORTER)', svc('rocketchat', 'rocketchat-nats', 4222))] : [];
  // The CloudNativePG pods of a Cluster: instance managers and Job pods read their Cluster and
  // Secrets from the API (cloudnative-pg v1.27.0 pkg/management/postgres/initdb.go, join/cmd.go),
  // instances archive WALs to the backup store and stream from the primary.
  const cnpg = (namespace: string, cluster: string): PodFlows[] => [
    { namespace, labels: { 'cnpg.io/cluster': cluster, 'cnpg.io/jobRole': /.+/ }, flows: [flow('instance manager → Kubernetes API', { api: true })] },
    { namespace, labels: { 'cnpg.io/cluster': cluster, 'cnpg.io/podRole': 'instance' }, flows: [flow('instance manager → Kubernetes API', { api: true }), flow(`streaming replication → ${cluster}-rw`, svc(namespace, `${cluster}-rw`, 5432)), ...backupStore.map((f) => ({ ...f, what: `WAL archive: ${f.what}` }))] },
  ];
  return [
    // Nextcloud (charts/apps/nextcloud/nextcloud.ts, nextcloud-config.ts).
    { namespace: 'nextcloud', labels: { 'app.kubernetes.io/component': 'nextcloud-app' }, flows: [nextcloudDb, valkey, appArchives, ...appS3('objectstore'), flow('ONLYOFFICE DocumentServerInternalUrl http://onlyoffice.onlyoffice.svc.cluster.local:8888', svc('onlyoffice', 'onlyoffice', 8888)), ...smtp] },
    { namespace: 'nextcloud', labels: { 'app.kubernetes.io/component': 'nextcloud-cron' }, flows: [nextcloudDb, valkey, appArchives, ...appS3('objectstore'), ...smtp] },
    { namespace: 'nextcloud', labels: { 'app.kubernetes.io/component': 'nextcloud-install' }, flows: [nextcloudDb, valkey, appArchives, ...appS3('objectstore')] },
    { namespace: 'nextcloud', labels: { 'app.kubernetes.io/component': 'nextcloud-push' }, flows: [nextcloudDb, flow('REDIS_URL valkey.nextcloud:6379', svc('nextcloud', 'valkey', 6379)), flow('NEXTCLOUD_URL http://nextcloud.nextcloud.svc.cluster.local/', svc('nextcloud', 'nextcloud', 80))] },
    { namespace: 'nextcloud', labels: { 'app.kubernetes.io/component': 'nextcloud-data-backup' }, flows: [...appS3('rclone primary'), ...backupStore] },
    { namespace: 'nextcloud', labels: { 'app.kubernetes.io/component': 'valkey' }, flows: [flow('replication and Sentinel between members (valkey-headless)', svc('nextcloud', 'valkey-headless', 26379))] },
    { namespace: 'nextcloud', labels: { 'app.kubernetes.io/component': 'valkey-haproxy' }, flows: [flow('health checks of each member (valkey-headless:6379)', svc('nextcloud', 'valkey-headless', 6379))] },
    ...cnpg('nextcloud', 'nextcloud-postgresql'),
    // ONLYOFFICE (charts/apps/onlyoffice/onlyoffice.ts, onlyoffice-wiring.ts).
    ...['onlyoffice-docservice', 'onlyoffice-converter'].map((component) => ({
      namespace: 'onlyoffice',
      labels: { 'app.kubernetes.io/component': component },
      flows: [onlyofficeDb, rabbit, valkey, ...appS3('document cache'), flow('documents from Nextcloud StorageUrl http://nextcloud.nextcloud.svc.cluster.local/', svc('nextcloud', 'nextcloud', 80))],
    })),
    { namespace: 'onlyoffice', labels: { 'app.kubernetes.io/component': 'onlyoffice' }, flows: [flow('router → each document service (onlyoffice-docservice-headless:8888)', svc('onlyoffice', 'onlyoffice-docservice-headless', 8888))] },
    { namespace: 'onlyoffice', labels: { 'app.kubernetes.io/component': 'onlyoffice-rabbitmq' }, flows: [flow('Erlang distribution between members', svc('onlyoffice', 'onlyoffice-rabbitmq-headless', 25672))] },
    { namespace: 'onlyoffice', labels: { 'app.kubernetes.io/component': 'onlyoffice-postgresql-schema' }, flows: [flow('PGHOST onlyoffice-postgresql-rw.onlyoffice.svc', svc('onlyoffice', 'onlyoffice-postgresql-rw', 5432))] },
    ...cnpg('onlyoffice', 'onlyoffice-postgresql'),
    // Rocket.Chat (charts/apps/rocketchat/rocketchat.ts, nats.ts, mongodb-*.ts).
    { namespace: 'rocketchat', labels: { 'app.kubernetes.io/component': 'rocketchat' }, flows: [mongo('rocketchat'), ...nats, ...appS3('FileUpload_S3'), ...smtp] },
    { namespace: 'rocketchat', labels: { 'app.kubernetes.io/component': /^rocketchat-(ddp-streamer|accounts|authorization|presence)$/ }, flows: [mongo('rocketchat'), ...nats] },
    { namespace: 'rocketchat', labels: { 'app.kubernetes.io/component': 'rocketchat-nats' }, flows: [flow('cluster routes rocketchat-nats-N.rocketchat-nats-headless:6222', svc('rocketchat', 'rocketchat-nats-headless', 6222))] },
    { namespace: 'rocketchat', labels: { 'app.kubernetes.io/component': /^rocketchat-mongodb(-initiate)?$/ }, flows: [mongo('rocketchat')] },
    { namespace: 'rocketchat', labels: { 'app.kubernetes.io/component': 'rocketchat-mongodb-backup' }, flows: [mongo('rocketchat'), ...backupStore] },
    { namespace: 'rocketchat', labels: { 'app.kubernetes.io/component': 'attachments-backup' }, flows: [...appS3('rclone primary'), ...backupStore] },
    // Wekan (charts/apps/wekan.ts).
    { namespace: 'wekan', labels: { 'app.kubernetes.io/component': 'wekan' }, flows: [mongo('wekan'), ...issuer, ...smtp] },
    { namespace: 'wekan', labels: { 'app.kubernetes.io/component': /^wekan-mongodb(-initiate)?$/ }, flows: [mongo('wekan')] },
    { namespace: 'wekan', labels: { 'app.kubernetes.io/component': 'wekan-mongodb-backup' }, flows: [mongo('wekan'), ...backupStore] },
    // Jitsi (charts/apps/jitsi/jitsi.ts, jitsi-xmpp.ts): per shard N, web → prosody-N BOSH, jicofo → prosody-N c2s;
    // the pages' colibri websockets reach the host-network bridges on their nodes (9090). Namespace
    // jitsi-media holds only host-network pods (videobridges, coturn), which no NetworkPolicy
    // selects: their flows are NODE_SOURCED_FLOWS below, and Traefik → coturn the IngressRouteTCP check.
    ...jitsiShardFlows(),
  ];

  function jitsiShardFlows(): PodFlows[] {
    const shards = plan.jitsi?.shards ?? 0;
    const router: PodFlows = { namespace: 'jitsi', labels: { 'app.kubernetes.io/component': 'jitsi' }, flows: Array.from({ length: shards }, (_, n) => flow(`hash router → shard web jitsi-web-${n}:80`, svc('jitsi', `jitsi-web-${n}`, 80))) };
    return [router, ...Array.from({ length: shards }, (_, n) => [
      { namespace: 'jitsi', labels: { 'app.kubernetes.io/component': `jitsi-web-${n}` }, flows: [flow(`XMPP_BOSH_URL_BASE http://jitsi-prosody-${n}:5280`, svc('jitsi', `jitsi-prosody-${n}`, 5280)), flow('colibri websocket → videobridge on its node (9090)', { node: 9090 })] },
      { namespace: 'jitsi', labels: { 'app.kubernetes.io/component': `jitsi-jicofo-${n}` }, flows: [flow(`XMPP_SERVER jitsi-prosody-${n}:5222`, svc('jitsi', `jitsi-prosody-${n}`, 5222))] },
      { namespace: 'jitsi', labels: { 'app.kubernetes.io/component': `jitsi-prosody-${n}` }, flows: [] },
    ]).flat()];
  }
}

/**
 * Host-network Jitsi bridges (namespace jitsi-media) connect from their node's address to every
 * shard's prosody in namespace jitsi: jvb → prosody c2s (XMPP_SERVER, full Service names).
 */
export const NODE_SOURCED_FLOWS: readonly { readonly what: string; readonly toNamespace: string; readonly toComponent: RegExp; readonly port: number }[] = [
  { what: 'videobridge (jitsi-media, host network) → prosody XMPP c2s', toNamespace: 'jitsi', toComponent: /^jitsi-prosody-\d+$/, port: 5222 },
];

export function labelsMatch(wanted: PodFlows['labels'], labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] !== undefined && (typeof v === 'string' ? labels[k] === v : v.test(labels[k]!)));
}
