/**
 * The `backups` stack: the backup bucket in `backups.region` (through the provider alias for that
 * region) and the backup jobs' own S3 credential. A separate state, so that nothing done to the
 * primary region's stacks can reach it.
 */
import type { BackupsConfig, Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import type { App } from './cdktf.js';
import { addRegionObjectStorage } from './objectstorage/buckets.js';
import { backupProvider } from './providers.js';
import { socleStack } from './socle-stack.js';

export function backupsStack(app: App, env: Environment, plan: SizingPlan, backups: BackupsConfig): void {
  const stack = socleStack(app, env, 'backups');
  const provider = backupProvider(stack, env, backups.region);
  const buckets = plan.objectStorage.filter((b) => b.region === backups.region);
  addRegionObjectStorage(stack, { env, region: backups.region, buckets, credentialFor: 'backups', provider });
}
