/**
 * What every backup job shares: the backup region's object storage (the `backups` bucket the
 * infrastructure stack makes), a CronJob on `backups.schedule` that never overlaps, hardened pods
 * running rclone as nobody, and egress to that storage only.
 */
import type { Environment } from '../../environments/environment.js';
import { copiesStorageClass, findRegion, type S3StorageClass } from '../../environments/catalogue/regions.js';
import type { KubeObject } from '../kube-object.js';
import { selectorLabels } from '../labels.js';
import { allowEgressTo, publicInternet, urlPort } from '../platform/network-policies.js';
import { poolPlacement } from '../platform/node-pools.js';
import { BACKUP_PRIORITY_CLASS } from '../platform/priority-classes.js';
import { backupBucket } from './postgresql-cluster.js';
import { RCLONE_UID } from './rclone.js';
import { labelsFor } from '../workload.js';

export interface BackupStorage {
  endpoint: string;
  region: string;
  bucket: string;
  /** The class the rclone jobs write in: Infrequent Access where the region has it (read back only to restore). */
  storageClass?: S3StorageClass;
}

/** The backup region's S3 endpoint and the backups bucket; `undefined` without `backups`. */
export function backupStorage(env: Environment): BackupStorage | undefined {
  if (!env.backups) return undefined;
  const s3 = findRegion(env.cloud.provider, env.backups.region)?.s3;
  if (!s3) throw new Error(`backup region ${env.backups.region} has no object storage in the region catalogue`);
  const storageClass = copiesStorageClass(env.cloud.provider, env.backups.region);
  return { endpoint: s3.endpoint, region: s3.region, bucket: backupBucket(env), ...(storageClass ? { storageClass } : {}) };
}

export interface BackupJob {
  env: Environment;
  namespace: string;
  app: string;
  component: string;
  /** Image whose version labels the job. */
  versionImage: string;
  storage: BackupStorage;
  /** Other S3 endpoints the job reads from (the cluster region's, for bucket copies). */
  alsoReads?: string[];
  volumes: Record<string, unknown>[];
  initContainers?: Record<string, unknown>[];
  containers: Record<string, unknown>[];
}

/** The CronJob and its egress rule to the backup storage (and the storage it reads from). */
export function backupCronJob(o: BackupJob): KubeObject[] {
  const labels = labelsFor({ env: o.env, app: o.app, component: o.component, versionImage: o.versionImage });
  const cronJob: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: o.component, namespace: o.namespace, labels },
    spec: {
      schedule: o.env.backups!.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          // A pod the scheduler preempted for a service (its DisruptionTarget condition) is
          // replaced without using up a retry (kubernetes.io/docs/concepts/workloads/controllers/job,
          // "Pod failure policy"; needs restartPolicy Never).
          podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
          activeDeadlineSeconds: 6 * 3600,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              priorityClassName: BACKUP_PRIORITY_CLASS,
              ...poolPlacement('general'),
              securityContext: { runAsNonRoot: true, runAsUser: RCLONE_UID, runAsGroup: RCLONE_UID, fsGroup: RCLONE_UID, seccompProfile: { type: 'RuntimeDefault' } },
              volumes: o.volumes,
              ...(o.initContainers ? { initContainers: o.initContainers } : {}),
              containers: o.containers,
            },
          },
        },
      },
    },
  };
  const ports = [...new Set([o.storage.endpoint, ...(o.alsoReads ?? [])].map(urlPort))].map((port) => ({ port }));
  const egress = allowEgressTo(o.namespace, `allow-${o.component}-to-backup-storage`, selectorLabels({ app: o.app, component: o.component }), [publicInternet], ports);
  return [cronJob, egress];
}
