/**
 * Copies of the apps' buckets (Nextcloud files, chat attachments) in the backup region, on
 * `backups.schedule`: `rclone sync` mirrors each bucket to `s3://<backups>/files/<bucket>/current/`,
 * moving what was changed or deleted since the last run to `…/previous/<UTC time>/`, kept
 * `backups.retentionDays` days. The sizing plan counts one mirrored copy in the backups bucket.
 */
import type { Environment } from '../../environments/environment.js';
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import { backupCronJob, backupStorage } from './backup-job.js';
import { container } from '../container.js';
import { imageRef } from '../images.js';
import type { KubeObject } from '../kube-object.js';
import { APPS_S3_SECRET, appBucket, clusterS3 } from './object-storage.js';
import { BACKUP_S3_CONFIG } from './postgresql-cluster.js';
import { rcloneEnv } from './rclone.js';
import { component, resourceRequirements } from '../resources.js';
import { fromConfig, type SecretSpec } from '../secret-catalogue.js';

export const FILES_BACKUP_SECRET = 'files-backup-s3';

/** The backup bucket's S3 credential where bucket copies run; none without `backups`. */
export function bucketBackupSecrets(env: Environment, namespaces: string[]): SecretSpec[] {
  if (!env.backups || namespaces.length === 0) return [];
  return [
    {
      name: FILES_BACKUP_SECRET,
      namespaces,
      values: { 'access-key': fromConfig(BACKUP_S3_CONFIG.accessKey), 'secret-key': fromConfig(BACKUP_S3_CONFIG.secretKey) },
      purpose: 'S3 credentials of the backup bucket, for the copies of the file buckets',
    },
  ];
}

export function bucketBackup(env: Environment, plan: SizingPlan, namespace: string, app: string, logical: 'nextcloud-data' | 'attachments'): KubeObject[] {
  const storage = backupStorage(env);
  if (!storage) return [];
  const source = clusterS3(env);
  const bucket = appBucket(env, logical);
  const target = `backup:${storage.bucket}/files/${bucket}`;
  const image = imageRef(env, 'rclone');
  return backupCronJob({
    env,
    namespace,
    app,
    component: `${logical}-backup`,
    versionImage: image,
    storage,
    alsoReads: [source.endpoint],
    volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }],
    containers: [
      container({
        name: 'sync',
        image,
        resources: resourceRequirements(component(plan, `${logical}-backup`)),
        // A copy's age in previous/ is the time it was moved there: `--backup-dir` moves by a
        // server-side CopyObject (S3 has no move: rclone v1.60.1/v1.71.1 fs/operations/operations.go
        // `Move`, backend/s3/s3.go `Copy`), which keeps the file's own x-amz-meta-mtime — what rclone
        // reads as the modification time by default (backend/s3/s3.go `ModTime`) — and gets a new
        // LastModified (S3 API Reference, CopyObject). `--use-server-modtime` makes `--min-age` read
        // LastModified; without it a file last changed more than the retention ago, then changed or
        // deleted, had its last copy deleted by the same run.
        command: [
          'sh',
          '-c',
          `set -eu
rclone sync "primary:${bucket}" "${target}/current" --backup-dir "${target}/previous/$(date -u +%Y%m%dT%H%M%SZ)"
rclone delete --use-server-modtime --min-age ${env.backups!.retentionDays}d "${target}/previous/"
rclone rmdirs --leave-root "${target}/previous/"`,
        ],
        env: rcloneEnv([
          { name: 'primary', endpoint: source.endpoint, region: source.region, secret: APPS_S3_SECRET, accessKeyKey: 'access-key', secretKeyKey: 'secret-key' },
          { name: 'backup', endpoint: storage.endpoint, region: storage.region, secret: FILES_BACKUP_SECRET, accessKeyKey: 'access-key', secretKeyKey: 'secret-key', storageClass: storage.storageClass },
        ]),
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      }),
    ],
  });
}
