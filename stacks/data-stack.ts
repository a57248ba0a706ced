/**
 * The `data` stack: object storage of the primary region (Nextcloud primary storage, chat and
 * board attachments) and the S3 credential the apps use. Outlives the cluster; the buckets refuse
 * to be destroyed (`prevent_destroy`).
 */
import type { Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { TerraformOutput, type App } from './cdktf.js';
import { addS3Credential } from './identity/s3-credential.js';
import { addBucket } from './objectstorage/buckets.js';
import { s3Endpoint } from './objectstorage/s3-endpoint.js';
import { socleStack } from './socle-stack.js';

export function dataStack(app: App, env: Environment, plan: SizingPlan): void {
  const stack = socleStack(app, env, 'data');
  const buckets = plan.objectStorage.filter((b) => b.region === env.cloud.region);
  const names: Record<string, string> = {};
  for (const bucket of buckets) names[bucket.name] = addBucket(stack, env, bucket).name;
  const credential = addS3Credential(stack, 'apps');
  const s3 = s3Endpoint(env, env.cloud.region);
  new TerraformOutput(stack, 'bucket_names', { value: names, description: 'logical name → bucket, in the primary region' });
  new TerraformOutput(stack, 's3_endpoint', { value: s3.endpoint });
  new TerraformOutput(stack, 's3_region', { value: s3.region });
  new TerraformOutput(stack, 's3_access_key', { value: credential.access, description: 'S3 access key of the apps' });
  new TerraformOutput(stack, 's3_secret_key', { value: credential.secret, sensitive: true });
}
