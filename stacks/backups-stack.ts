/**
 * The `backups` stack: the backup bucket in `backups.region` (through the provider alias for that
 * region) and the backup jobs' own S3 credential. A separate state, so that nothing done to the
 * primary region's stacks can reach it.
 */
import type { BackupsConfig, Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { TerraformOutput, type App } from './cdktf.js';
import { addS3Credential } from './identity/s3-credential.js';
import { addBucket } from './objectstorage/buckets.js';
import { s3Endpoint } from './objectstorage/s3-endpoint.js';
import { backupProvider } from './providers.js';
import { socleStack } from './socle-stack.js';

export function backupsStack(app: App, env: Environment, plan: SizingPlan, backups: BackupsConfig): void {
  const stack = socleStack(app, env, 'backups');
  const provider = backupProvider(stack, env, backups.region);
  const names: Record<string, string> = {};
  for (const bucket of plan.objectStorage.filter((b) => b.region === backups.region)) names[bucket.name] = addBucket(stack, env, bucket, provider).name;
  const credential = addS3Credential(stack, 'backups', provider);
  const s3 = s3Endpoint(env, backups.region);
  new TerraformOutput(stack, 'bucket_names', { value: names, description: `logical name → bucket, in ${backups.region}` });
  new TerraformOutput(stack, 's3_endpoint', { value: s3.endpoint });
  new TerraformOutput(stack, 's3_region', { value: s3.region });
  new TerraformOutput(stack, 's3_access_key', { value: credential.access, description: 'S3 access key of the backup jobs' });
  new TerraformOutput(stack, 's3_secret_key', { value: credential.secret, sensitive: true });
}
