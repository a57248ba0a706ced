/**
 * Backups of a MongoDB replica set to the backup region, on `backups.schedule`: `mongodump` of the
 * whole set (with the oplog, for a consistent point in time) into a scratch volume, then rclone
 * copies the archive to `s3://<backups bucket>/mongodb/<namespace>/<set>/` and deletes archives
 * older than `backups.retentionDays`. The same bucket and credential as PostgreSQL's backups.
 */
import { findRegion } from '../environments/catalogue/regions.js';
import { container, envSecret, envValue } from './container.js';
import { imageRef } from './images.js';
import type { KubeObject } from './kube-object.js';
import { mongoSecret, type MongoReplicaSet } from './mongodb-replica-set.js';
import { allowEgressTo, publicInternet } from './network-policies.js';
import { poolPlacement } from './node-pools.js';
import { s3Port } from './object-storage.js';
import { backupBucket, BACKUP_S3_CONFIG } from './postgresql-cluster.js';
import { selectorLabels } from './labels.js';
import { sidecarResources } from './resources.js';
import { fromConfig, type SecretSpec } from './secret-catalogue.js';
import { labelsFor } from './workload.js';

const MONGO_UID = 999;
/** rclone's image runs as root by default; the job runs it as nobody. */
const NOBODY = 65534;

export const mongoBackupCredentials = (m: Pick<MongoReplicaSet, 'plan'>) => `${m.plan.name}-backup-s3`;

function backupTarget(m: MongoReplicaSet): { endpoint: string; region: string; path: string } {
  const backups = m.env.backups!;
  const s3 = findRegion(m.env.cloud.provider, backups.region)?.s3;
  if (!s3) throw new Error(`backup region ${backups.region} has no object storage in the region catalogue`);
  return { endpoint: s3.endpoint, region: s3.region, path: `${backupBucket(m.env)}/mongodb/${m.namespace}/${m.plan.name}` };
}

/** The backup bucket's S3 credential in the set's namespace; none without `backups`. */
export function mongoBackupSecrets(m: MongoReplicaSet): SecretSpec[] {
  if (!m.env.backups) return [];
  return [{
    name: mongoBackupCredentials(m),
    namespaces: [m.namespace],
    values: { 'access-key': fromConfig(BACKUP_S3_CONFIG.accessKey), 'secret-key': fromConfig(BACKUP_S3_CONFIG.secretKey) },
    purpose: `S3 credentials of the backup bucket, for ${m.plan.name} dumps`,
  }];
}

export function mongoBackup(m: MongoReplicaSet): KubeObject[] {
  const backups = m.env.backups;
  if (!backups) return [];
  const target = backupTarget(m);
  const component = `${m.plan.name}-backup`;
  const labels = labelsFor({ env: m.env, app: m.app, component, versionImage: imageRef(m.env, 'mongodb') });
  const secret = mongoSecret(m);
  const hosts = Array.from({ length: m.plan.replicas }, (_, i) => `${m.plan.name}-${i}.${m.plan.name}-headless.${m.namespace}.svc.cluster.local:27017`).join(',');
  const cronJob: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: component, namespace: m.namespace, labels },
    spec: {
      schedule: backups.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          activeDeadlineSeconds: 6 * 3600,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              ...poolPlacement('general'),
              securityContext: { runAsNonRoot: true, runAsUser: NOBODY, runAsGroup: NOBODY, fsGroup: NOBODY, seccompProfile: { type: 'RuntimeDefault' } },
              volumes: [{ name: 'dump', emptyDir: {} }, { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }],
              initContainers: [
                container({
                  name: 'dump',
                  image: imageRef(m.env, 'mongodb'),
                  resources: sidecarResources(500, 512),
                  runAsUser: MONGO_UID,
                  command: ['sh', '-c', `mongodump --quiet --oplog --gzip --archive=/dump/${m.plan.name}.archive.gz "mongodb://$(ROOT_USERNAME):$(ROOT_PASSWORD)@${hosts}/?replicaSet=rs0&authSource=admin&readPreference=secondaryPreferred"`],
                  env: [envSecret('ROOT_USERNAME', secret, 'root-username'), envSecret('ROOT_PASSWORD', secret, 'root-password')],
                  volumeMounts: [{ name: 'dump', mountPath: '/dump' }],
                }),
              ],
              containers: [
                container({
                  name: 'upload',
                  image: imageRef(m.env, 'rclone'),
                  resources: sidecarResources(250, 256),
                  command: [
                    'sh',
                    '-c',
                    `set -eu
rclone copyto /dump/${m.plan.name}.archive.gz "backup:${target.path}/$(date -u +%Y%m%dT%H%M%SZ).archive.gz"
rclone delete --min-age ${backups.retentionDays}d "backup:${target.path}/"`,
                  ],
                  // The remote is configured from the environment alone (rclone's RCLONE_CONFIG_<NAME>_* variables).
                  env: [
                    envValue('RCLONE_CONFIG_BACKUP_TYPE', 's3'),
                    envValue('RCLONE_CONFIG_BACKUP_PROVIDER', 'Other'),
                    envValue('RCLONE_CONFIG_BACKUP_ENDPOINT', target.endpoint),
                    envValue('RCLONE_CONFIG_BACKUP_REGION', target.region),
                    envSecret('RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID', mongoBackupCredentials(m), 'access-key'),
                    envSecret('RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY', mongoBackupCredentials(m), 'secret-key'),
                    envValue('RCLONE_CONFIG', '/tmp/rclone.conf'),
                    envValue('XDG_CACHE_HOME', '/tmp'),
                  ],
                  volumeMounts: [{ name: 'dump', mountPath: '/dump', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
                }),
              ],
            },
          },
        },
      },
    },
  };
  return [cronJob, allowEgressTo(m.namespace, `allow-${component}-to-backup-storage`, selectorLabels({ app: m.app, component }), [publicInternet], [{ port: s3Port(target.endpoint) }])];
}
