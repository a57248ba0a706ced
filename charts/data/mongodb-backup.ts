/**
 * Backups of a MongoDB replica set to the backup region, on `backups.schedule`: `mongodump` of the
 * whole set (with the oplog, for a consistent point in time) into a scratch volume, then rclone
 * copies the archive to `s3://<backups bucket>/mongodb/<namespace>/<set>/` and deletes archives
 * older than `backups.retentionDays`. The same bucket as PostgreSQL's backups.
 */
import { backupCronJob, backupStorage } from './backup-job.js';
import { container, envSecret } from '../container.js';
import { imageRef } from '../images.js';
import type { KubeObject } from '../kube-object.js';
import { mongoSecret, type MongoReplicaSet } from './mongodb-replica-set.js';
import { BACKUP_S3_CONFIG } from './postgresql-cluster.js';
import { rcloneEnv } from './rclone.js';
import { component, helperResources, resourceRequirements } from '../resources.js';
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import { fromConfig, type SecretSpec } from '../secret-catalogue.js';

const MONGO_UID = 999;

export const mongoBackupCredentials = (m: Pick<MongoReplicaSet, 'plan'>) => `${m.plan.name}-backup-s3`;

/** The backup bucket's S3 credential in the set's namespace; none without `backups`. */
export function mongoBackupSecrets(m: MongoReplicaSet): SecretSpec[] {
  if (!m.env.backups) return [];
  return [
    {
      name: mongoBackupCredentials(m),
      namespaces: [m.namespace],
      values: { 'access-key': fromConfig(BACKUP_S3_CONFIG.accessKey), 'secret-key': fromConfig(BACKUP_S3_CONFIG.secretKey) },
      purpose: `S3 credentials of the backup bucket, for ${m.plan.name} dumps`,
    },
  ];
}

export function mongoBackup(m: MongoReplicaSet, plan: SizingPlan): KubeObject[] {
  const storage = backupStorage(m.env);
  if (!storage) return [];
  const job = component(plan, `${m.plan.name}-backup`);
  const path = `${storage.bucket}/mongodb/${m.namespace}/${m.plan.name}`;
  const secret = mongoSecret(m);
  const hosts = Array.from({ length: m.plan.replicas }, (_, i) => `${m.plan.name}-${i}.${m.plan.name}-headless.${m.namespace}.svc.cluster.local:27017`).join(',');
  return backupCronJob({
    env: m.env,
    namespace: m.namespace,
    app: m.app,
    component: `${m.plan.name}-backup`,
    versionImage: imageRef(m.env, 'mongodb'),
    storage,
    volumes: [{ name: 'dump', emptyDir: {} }, { name: 'dump-config', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }, { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }],
    initContainers: [
      container({
        name: 'dump',
        image: imageRef(m.env, 'mongodb'),
        resources: helperResources(job, 'dump'),
        runAsUser: MONGO_UID,
        // The URI with the root password goes into a `--config` YAML file (keys `uri`, `password`: database
        // tools ≥ 100.3.0, shipped in mongo:8.0; https://www.mongodb.com/docs/database-tools/mongodump/ "--config"), written by the shell's heredoc into a memory
        // emptyDir: never on argv, which every process of the node reads in /proc/<pid>/cmdline.
        command: [
          'sh',
          '-c',
          `set -eu
umask 077
cat > /dump-config/mongodump.yaml <<YAML
uri: "mongodb://$ROOT_USERNAME:$ROOT_PASSWORD@${hosts}/?replicaSet=rs0&authSource=admin&readPreference=secondaryPreferred"
YAML
exec mongodump --config=/dump-config/mongodump.yaml --quiet --oplog --gzip --archive=/dump/${m.plan.name}.archive.gz`,
        ],
        env: [envSecret('ROOT_USERNAME', secret, 'root-username'), envSecret('ROOT_PASSWORD', secret, 'root-password')],
        volumeMounts: [{ name: 'dump', mountPath: '/dump' }, { name: 'dump-config', mountPath: '/dump-config' }],
      }),
    ],
    containers: [
      container({
        name: 'upload',
        image: imageRef(m.env, 'rclone'),
        resources: resourceRequirements(job),
        command: [
          'sh',
          '-c',
          `set -eu
rclone copyto /dump/${m.plan.name}.archive.gz "backup:${path}/$(date -u +%Y%m%dT%H%M%SZ).archive.gz"
rclone delete --min-age ${m.env.backups!.retentionDays}d "backup:${path}/"`,
        ],
        env: rcloneEnv([{ name: 'backup', endpoint: storage.endpoint, region: storage.region, secret: mongoBackupCredentials(m), accessKeyKey: 'access-key', secretKeyKey: 'secret-key', storageClass: storage.storageClass }]),
        volumeMounts: [{ name: 'dump', mountPath: '/dump', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
      }),
    ],
  });
}
