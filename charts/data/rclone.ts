/** rclone, configured from the environment alone: an S3 remote is a handful of variables. */
import type { S3StorageClass } from '../../environments/catalogue/regions.js';
import { envSecret, envValue, type EnvVar } from '../container.js';

export interface S3Remote {
  /** Remote name, as used in paths (`backup:bucket/…`). */
  name: string;
  endpoint: string;
  region: string;
  /** Secret and keys holding the access key id and the secret key. */
  secret: string;
  accessKeyKey: string;
  secretKeyKey: string;
  /**
   * The storage class rclone asks for every object it writes there, uploads and server-side copies
   * alike (its s3 backend's `storage_class`, rclone v1.71.1 backend/s3/s3.go); unset: none asked.
   */
  storageClass?: S3StorageClass;
}

/** `RCLONE_CONFIG_<NAME>_*` variables for each remote, plus a writable config and cache under /tmp. */
export function rcloneEnv(remotes: S3Remote[]): EnvVar[] {
  return [
    ...remotes.flatMap((r) => {
      const prefix = `RCLONE_CONFIG_${r.name.toUpperCase()}`;
      return [
        envValue(`${prefix}_TYPE`, 's3'),
        envValue(`${prefix}_PROVIDER`, 'Other'),
        envValue(`${prefix}_ENDPOINT`, r.endpoint),
        envValue(`${prefix}_REGION`, r.region),
        envSecret(`${prefix}_ACCESS_KEY_ID`, r.secret, r.accessKeyKey),
        envSecret(`${prefix}_SECRET_ACCESS_KEY`, r.secret, r.secretKeyKey),
        // The stacks (or `socle deploy`) make every bucket; rclone must never try. Unless told
        // `no_check_bucket`, rclone sends CreateBucket before writing to a bucket its cache doesn't
        // know (rclone v1.60.1/v1.71.1 backend/s3/s3.go `makeBucket`, lib/bucket/bucket.go `Create`):
        // 1.71.1 does so for every --backup-dir move and copyto, without a LocationConstraint, which
        // S3 refuses outside its default region (IllegalLocationConstraint: the CreateBucket API;
        // versitygw v1.8.0 s3api/controllers/bucket-put.go answers it in the real-rclone suite)
        // and a key without bucket-creation rights may not do at all.
        envValue(`${prefix}_NO_CHECK_BUCKET`, 'true'),
        ...(r.storageClass ? [envValue(`${prefix}_STORAGE_CLASS`, r.storageClass)] : []),
      ];
    }),
    envValue('RCLONE_CONFIG', '/tmp/rclone.conf'),
    envValue('XDG_CACHE_HOME', '/tmp'),
  ];
}

/** rclone's image runs as root by default; socle's jobs run it as nobody. */
export const RCLONE_UID = 65534;
