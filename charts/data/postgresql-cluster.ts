/**
 * PostgreSQL through CloudNativePG: one Cluster of the plan's members (primary + streaming
 * replicas, automatic failover), continuous WAL archiving and daily base backups to the object
 * storage of the environment's backup region.
 */
import type { Environment } from '../../environments/environment.js';
import { findRegion } from '../../environments/catalogue/regions.js';
import { bucketName } from '../../stacks/naming.js';
import type { ComponentPlan } from '../../sizing/sizing-plan.js';
import { imageRef } from '../images.js';
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

function barmanObjectStore(c: PostgresCluster) {
  const backups = c.env.backups;
  if (!backups) return undefined;
  const region = findRegion(c.env.cloud.provider, backups.region);
  if (!region?.s3) throw new Error(`backup region ${backups.region} has no object storage in the region catalogue`);
  const creds = postgresBackupCredentials(c);
  return {
    // barman-cloud runs in the instance manager's environment (CloudNativePG 1.27.0
    // internal/management/controller/cache.go L95-100, pkg/management/postgres/backup.go L87,
    // restore.go: os.Environ()), which `spec.env` extends (pkg/specs/pods.go CreatePodEnvConfig
    // L162), in the instances and the recovery Job pods alike. boto3 ≥ 1.36 adds CRC checksums to
    // every upload, which several S3-compatible stores refuse (cloudnative-pg #8427, #7715, docs
    // PR #11008): checksums only where the S3 API requires them. The region signs the requests.
    env: [
      { name: 'AWS_DEFAULT_REGION', value: region.s3.region },
      { name: 'AWS_REQUEST_CHECKSUM_CALCULATION', value: 'when_required' },
      { name: 'AWS_RESPONSE_CHECKSUM_VALIDATION', value: 'when_required' },
    ],
    backup: {
      retentionPolicy: `${backups.retentionDays}d`,
      // In-tree Barman Cloud support (CloudNativePG 1.27; deprecated since 1.26, see CLOUDNATIVE_PG
      // in operators.ts); the barman-cloud plugin is its successor.
      barmanObjectStore: {
        destinationPath: `s3://${backupBucket(c.env)}/postgresql/${c.namespace}/${c.plan.name}`,
        endpointURL: region.s3.endpoint,
        s3Credentials: {
          accessKeyId: { name: creds, key: 'ACCESS_KEY_ID' },
          secretAccessKey: { name: creds, key: 'ACCESS_SECRET_KEY' },
        },
        wal: { compression: 'gzip' },
        data: { compression: 'gzip' },
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
  const store = barmanObjectStore(c);
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
        ...(store ? { env: store.env, backup: store.backup } : {}),
      },
    },
    allowFromCnpgOperator(c.namespace),
    // Instances and the initdb/join/recovery Job pods alike call the API server; the Jobs' pods carry
    // `cnpg.io/cluster` but no `cnpg.io/podRole` (CloudNativePG 1.27.0 pkg/specs/jobs.go L326-341,
    // pods.go L512-517).
    allowToKubernetesApi(c.namespace, { 'cnpg.io/cluster': c.plan.name }, c.env.cluster.mode),
  ];
  if (store && c.env.backups) {
    objects.push(
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'ScheduledBackup',
        metadata: { name: `${c.plan.name}-daily`, namespace: c.namespace, labels },
        spec: { schedule: sixFieldCron(c.env.backups.schedule), backupOwnerReference: 'self', cluster: { name: c.plan.name }, method: 'barmanObjectStore' },
      },
      // The instances (WAL, base backups) and a recovery Job read and write the backups; the
      // initdb and join Jobs never do (CloudNativePG 1.27.0 pkg/specs/jobs.go: jobRole initdb,
      // join, full-recovery). NotIn also selects pods without the label: the instances.
      allowEgressTo(c.namespace, `allow-${c.plan.name}-to-backup-storage`, { 'cnpg.io/cluster': c.plan.name }, [publicInternet], [{ port: urlPort(store.backup.barmanObjectStore.endpointURL) }], [
        { key: 'cnpg.io/jobRole', operator: 'NotIn', values: ['initdb', 'join'] },
      ]),
    );
  }
  return objects;
}
