/**
 * The `backups` stack: the backup bucket in `backups.region` (through the provider alias for that
 * region) and the backup jobs' own S3 credential. A separate state, so that nothing done to the
 * primary region's stacks can reach it. RKE2 servers (`cluster.mode: instances`) also send their
 * etcd snapshots there, with a credential of their own: it sits only in kube-system
 * (scripts/operate/cloud/etcd-snapshot-secret.ts), not in the namespaces the backup jobs run in, and is
 * revoked alone.
 */
import type { BackupsConfig, Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import type { App } from './cdktf.js';
import { addRegionObjectStorage } from './objectstorage/buckets.js';
import { backupProvider } from './providers.js';
import { socleStack } from './socle-stack.js';

/** Who the etcd snapshots' credential is for: its outputs are `etcd_s3_access_key` and `etcd_s3_secret_key`. */
export const ETCD_SNAPSHOTS_CREDENTIAL = 'etcd';
export const ETCD_SNAPSHOTS_OUTPUTS = { accessKey: `${ETCD_SNAPSHOTS_CREDENTIAL}_s3_access_key`, secretKey: `${ETCD_SNAPSHOTS_CREDENTIAL}_s3_secret_key` } as const;

export function backupsStack(app: App, env: Environment, plan: SizingPlan, backups: BackupsConfig): void {
  const stack = socleStack(app, env, 'backups');
  const provider = backupProvider(stack, env, backups.region);
  const buckets = plan.objectStorage.filter((b) => b.region === backups.region);
  const sharedWith = env.cluster.mode === 'instances' ? [ETCD_SNAPSHOTS_CREDENTIAL] : [];
  addRegionObjectStorage(stack, { env, region: backups.region, buckets, credentialFor: 'backups', sharedWith, provider });
}
