/** rclone, configured from the environment alone: an S3 remote is a handful of variables. */
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
      ];
    }),
    envValue('RCLONE_CONFIG', '/tmp/rclone.conf'),
    envValue('XDG_CACHE_HOME', '/tmp'),
  ];
}

/** rclone's image runs as root by default; socle's jobs run it as nobody. */
export const RCLONE_UID = 65534;
