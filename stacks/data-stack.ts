/**
 * The `data` stack: object storage of the primary region (Nextcloud primary storage, chat and
 * board attachments) and the S3 credential the apps use. Outlives the cluster; the buckets refuse
 * to be destroyed.
 */
import type { Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import type { App } from './cdktf.js';
import { addRegionObjectStorage } from './objectstorage/buckets.js';
import { socleStack } from './socle-stack.js';

export function dataStack(app: App, env: Environment, plan: SizingPlan): void {
  const stack = socleStack(app, env, 'data');
  const buckets = plan.objectStorage.filter((b) => b.region === env.cloud.region);
  addRegionObjectStorage(stack, { env, region: env.cloud.region, buckets, credentialFor: 'apps' });
}
