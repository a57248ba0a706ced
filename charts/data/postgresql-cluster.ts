/**
 * PostgreSQL through CloudNativePG: one Cluster of the plan's members (primary + streaming
 * replicas, automatic failover), continuous WAL archiving and daily base backups to the object
 * storage of the environment's backup region, through the Barman Cloud plugin.
 */
import type { BackupsConfig, Environment } from '../../environments/environment.js';
import { findRegion } from '../../environments/catalogue/regions.js';
import { bucketName } from '../../stacks/naming.js';
import type { ComponentPlan } from '../../sizing/sizing-plan.js';
import { imageRef } from '../images.js';
import { BARMAN_CLOUD_PLUGIN } from '../platform/barman-cloud-plugin.js';
import type { KubeObject } from '../kube-object.js';
import { recommendedLabels, selectorLabels, versionOf } from '../labels.js';
import { allowEgressTo, allowFromCnpgOperator, allowToKubernetesApi, publicInternet, urlPort } from '../platform/network-policies.js';
import { poolSelector, poolTolerations } from '../platform/node-pools.js';
import { resourceRequirements } from '../resources.js';
import { literal, random, fromConfig, type SecretSpec } from '../secret-catalogue.js';
import { storageClassName } from './storage-classes.js';

export interface PostgresCluster {
  env: Environment;
  namespace: string;
  app: string;
  plan: ComponentPlan;
  database: string;
  owner: string;
}

/** Pulumi config keys (namespace `socle`) of the backups stack's `s3_access_key`/`s3_secret_key` outputs. */
export const BACKUP_S3_CONFIG = { accessKey: 'backupS3AccessKey', secretKey: 'backupS3SecretKey' } as const;

export const postgresCredentials = (c: Pick<PostgresCluster, 'plan'>) => `${c.plan.name}-app`;
export const postgresBackupCredentials = (c: Pick<PostgresCluster, 'plan'>) => `${c.plan.name}-backup-s3`;
/** CloudNativePG's read-write Service: `<cluster>-rw`. */
export const postgresHost = (c: Pick<PostgresCluster, 'plan' | 'namespace'>) => `${c.plan.name}-rw.${c.namespace}.svc`;

/** The bucket that receives backups, in the backup region (named by the infrastructure stack). */
export function backupBucket(env: Environment): string {
  return bucketName(env, 'backups');
}

export function postgresSecrets(c: PostgresCluster): SecretSpec[] {
  const secrets: SecretSpec[] = [
    {
      name: postgresCredentials(c),
      namespaces: [c.namespace],
      type: 'kubernetes.io/basic-auth',
      values: { username: literal(c.owner), password: random(32) },
      purpose: `${c.app} database owner`,
    },
  ];
  if (c.env.backups) {
    secrets.push({
      name: postgresBackupCredentials(c),
      namespaces: [c.namespace],
      values: { ACCESS_KEY_ID: fromConfig(BACKUP_S3_CONFIG.accessKey), ACCESS_SECRET_KEY: fromConfig(BACKUP_S3_CONFIG.secretKey) },
      purpose: `S3 credentials of the backup bucket, for ${c.plan.name} WAL archiving`,
    });
  }
  return secrets;
}

/** The object storage of the backup region. */
function backupStorage(env: Environment, backups: BackupsConfig) {
  const s3 = findRegion(env.cloud.provider, backups.region)?.s3;
  if (!s3) throw new Error(`backup region ${backups.region} has no object storage in the region catalogue`);
  return s3;
}

/** The plugin's ObjectStore of a Cluster: where its WAL archive and base backups go. */
const postgresObjectStore = (c: Pick<PostgresCluster, 'plan'>) => `${c.plan.name}-backup-store`;

/**
 * The ObjectStore (barmancloud.cnpg.io/v1, plugin-barman-cloud v0.15.0 api/v1/objectstore_types.go)
 * that the Cluster's Barman Cloud plugin archives to. `configuration` is the in-tree
 * barmanObjectStore's schema (web/versioned_docs/version-0.15.0/usage.md), with the same
 * destination: barman-cloud adds the server name, the Cluster's name by default, so backups taken
 * in-tree stay where the plugin reads them. Retention moves here from the Cluster's
 * `spec.backup.retentionPolicy` (retention.md: a recovery window, `barman-cloud-backup-delete`).
 */
function objectStore(c: PostgresCluster, backups: BackupsConfig, labels: Record<string, string>): KubeObject {
  const s3 = backupStorage(c.env, backups);
  const creds = postgresBackupCredentials(c);
  return {
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: { name: postgresObjectStore(c), namespace: c.namespace, labels },
    spec: {
      configuration: {
        destinationPath: `s3://${backupBucket(c.env)}/postgresql/${c.namespace}/${c.plan.name}`,
        endpointURL: s3.endpoint,
        s3Credentials: {
          accessKeyId: { name: creds, key: 'ACCESS_KEY_ID' },
          secretAccessKey: { name: creds, key: 'ACCESS_SECRET_KEY' },
        },
        wal: { compression: 'gzip' },
        data: { compression: 'gzip' },
      },
      retentionPolicy: `${backups.retentionDays}d`,
      instanceSidecarConfiguration: {
        // barman-cloud runs in the plugin's sidecar, in each instance pod and in a recovery Job's
        // pod, with the sidecar's environment (v0.15.0 internal/cnpgi/common/wal.go L136,
        // instance/backup.go L99, instance/retention.go L145, restore/restore.go L261: os.Environ()),
        // to which the plugin adds this list (operator/lifecycle_envs.go collectAdditionalEnvs,
        // lifecycle.go reconcilePodSpec L412-438, for pods and recovery Jobs alike). Its boto3
        // 1.43.81 (containers/sidecar-requirements.txt) adds CRC checksums to every upload, which
        // several S3-compatible stores refuse (cloudnative-pg #8427, #7715, docs PR #11008):
        // checksums only where the S3 API requires them. The region signs the requests.
        env: [
          { name: 'AWS_DEFAULT_REGION', value: s3.region },
          { name: 'AWS_REQUEST_CHECKSUM_CALCULATION', value: 'when_required' },
          { name: 'AWS_RESPONSE_CHECKSUM_VALIDATION', value: 'when_required' },
        ],
      },
    },
  };
}

/** CloudNativePG schedules have six fields (seconds first). */
function sixFieldCron(fiveField: string): string {
  return `0 ${fiveField}`;
}

export function postgresCluster(c: PostgresCluster): KubeObject[] {
  const image = imageRef(c.env, 'postgresql');
  const labels = recommendedLabels({ app: c.app, component: c.plan.name, version: versionOf(image) }, c.env.name);
  const volume = c.plan.volume;
  if (!volume) throw new Error(`component ${c.plan.name} has no volume in the sizing plan`);
  const backups = c.env.backups;
  const store = backups ? objectStore(c, backups, labels) : undefined;
  const objects: KubeObject[] = [
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: c.plan.name, namespace: c.namespace, labels },
      spec: {
        instances: c.plan.replicas,
        imageName: image,
        primaryUpdateStrategy: 'unsupervised',
        enablePDB: true,
        bootstrap: { initdb: { database: c.database, owner: c.owner, secret: { name: postgresCredentials(c) } } },
        storage: { size: `${volume.sizeGi}Gi`, storageClass: storageClassName(volume.class) },
        resources: resourceRequirements(c.plan),
        affinity: { nodeSelector: poolSelector(c.plan.pool), tolerations: poolTolerations(c.plan.pool), enablePodAntiAffinity: true, podAntiAffinityType: 'required', topologyKey: 'kubernetes.io/hostname' },
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'cnpg.io/cluster': c.plan.name } } },
        ],
        inheritedMetadata: { labels: selectorLabels({ app: c.app, component: c.plan.name }) },
        // WAL archiving and base backups through the Barman Cloud plugin (usage.md "Configuring WAL
        // Archiving"; CloudNativePG 1.27.0 api/v1/cluster_types.go PluginConfiguration L2301-2320).
        ...(store ? { plugins: [{ name: BARMAN_CLOUD_PLUGIN.name, isWALArchiver: true, parameters: { barmanObjectName: store.metadata.name } }] } : {}),
      },
    },
    allowFromCnpgOperator(c.namespace),
    // Instances and the initdb/join/recovery Job pods alike call the API server; the Jobs' pods carry
    // `cnpg.io/cluster` but no `cnpg.io/podRole` (CloudNativePG 1.27.0 pkg/specs/jobs.go L326-341,
    // pods.go L512-517).
    allowToKubernetesApi(c.namespace, { 'cnpg.io/cluster': c.plan.name }, c.env.cluster.mode),
  ];
  if (store && backups) {
    objects.push(
      store,
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'ScheduledBackup',
        metadata: { name: `${c.plan.name}-daily`, namespace: c.namespace, labels },
        // A plugin backup (CloudNativePG 1.27.0 api/v1/scheduledbackup_types.go L66-72; usage.md "Performing a Base Backup").
        spec: { schedule: sixFieldCron(backups.schedule), backupOwnerReference: 'self', cluster: { name: c.plan.name }, method: 'plugin', pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN.name } },
      },
      // The plugin's sidecar in the instances (WAL, base backups, retention) and in a recovery Job
      // reads and writes the backups; the plugin leaves every other Job alone (v0.15.0
      // internal/cnpgi/operator/lifecycle.go L193-198: full-recovery and snapshot-recovery only), so
      // the initdb and join Jobs never reach them (CloudNativePG 1.27.0 pkg/specs/jobs.go: jobRole).
      // NotIn also selects pods without the label: the instances.
      allowEgressTo(c.namespace, `allow-${c.plan.name}-to-backup-storage`, { 'cnpg.io/cluster': c.plan.name }, [publicInternet], [{ port: urlPort(backupStorage(c.env, backups).endpoint) }], [
        { key: 'cnpg.io/jobRole', operator: 'NotIn', values: ['initdb', 'join'] },
      ]),
    );
  }
  return objects;
}
