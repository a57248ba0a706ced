/**
 * The apps' object storage in the cluster region: buckets named by the infrastructure stack's
 * naming function, endpoint from the region catalogue, and the one S3 credential the `data` stack
 * creates for the apps (its outputs `s3_access_key`/`s3_secret_key`, given to Pulumi as secret config).
 */
import type { Environment } from '../../environments/environment.js';
import { findRegion } from '../../environments/catalogue/regions.js';
import { bucketName } from '../../stacks/naming.js';
import { fromConfig, type SecretSpec } from '../secret-catalogue.js';

export const APPS_S3_SECRET = 'apps-s3';
/** Pulumi config keys (namespace `socle`) of the data stack's `s3_access_key`/`s3_secret_key` outputs. */
export const APPS_S3_CONFIG = { accessKey: 'appsS3AccessKey', secretKey: 'appsS3SecretKey' } as const;

export function appsS3Secret(namespaces: string[]): SecretSpec {
  return {
    name: APPS_S3_SECRET,
    namespaces,
    values: { 'access-key': fromConfig(APPS_S3_CONFIG.accessKey), 'secret-key': fromConfig(APPS_S3_CONFIG.secretKey) },
    purpose: "S3 credential of the apps' buckets (output s3_access_key/s3_secret_key of the data stack)",
  };
}

/** S3 region code and endpoint of the cluster region. */
export function clusterS3(env: Environment): { region: string; endpoint: string } {
  const s3 = findRegion(env.cloud.provider, env.cloud.region)?.s3;
  if (!s3) throw new Error(`region ${env.cloud.region} has no object storage in the region catalogue`);
  return s3;
}

/** A bucket of the cluster region, by its logical name in the sizing plan (`nextcloud-data`, `attachments`, `onlyoffice-cache`). */
export function appBucket(env: Environment, logical: 'nextcloud-data' | 'attachments' | 'onlyoffice-cache'): string {
  return bucketName(env, logical);
}
