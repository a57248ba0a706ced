/**
 * The object storage of one region: its buckets, the S3 credential of the workloads that use them,
 * and the outputs that hand both on (bucket names, endpoint, keys).
 *
 * Where the region offers Swift, the buckets are Swift containers made here, served as buckets by
 * the region's S3 API. Data outlives compute: `prevent_destroy` makes `tofu destroy` stop rather
 * than delete them, and `force_destroy` stays off so a non-empty container is never removed.
 * Where the catalogue gives no Swift (OVHcloud, whose native S3 endpoint alone has the Infrequent
 * Access tier the backup copies use), the OpenStack API can't make them: the stack names them in
 * `buckets_made_by_socle`, and `socle deploy` makes them through the S3 API (never deletes).
 */
import { findRegion } from '../../environments/catalogue/regions.js';
import type { Environment } from '../../environments/environment.js';
import type { BucketPlan } from '../../sizing/sizing-plan.js';
import { TerraformOutput, type TerraformStack } from '../cdktf.js';
import type { OpenstackProvider } from '../generated/providers/openstack/provider/index.js';
import { ObjectstorageContainerV1 } from '../generated/providers/openstack/objectstorage-container-v1/index.js';
import { addS3Identity } from '../identity/s3-credential.js';
import { address, bucketName, resourceId } from '../naming.js';
import { s3Endpoint } from './s3-endpoint.js';

export interface RegionObjectStorage {
  env: Environment;
  region: string;
  buckets: BucketPlan[];
  /** Who the S3 credential is for (`apps`, `backups`): one pair each, revocable alone. */
  credentialFor: string;
  /**
   * Further purposes that write to the same buckets with a credential of their own, output as
   * `<purpose>_s3_access_key` / `<purpose>_s3_secret_key` (the etcd snapshots in the backup bucket).
   * @default none
   */
  sharedWith?: string[];
  provider?: OpenstackProvider;
}

export function addRegionObjectStorage(stack: TerraformStack, o: RegionObjectStorage): void {
  const s3 = s3Endpoint(o.env, o.region);
  const containerRegion = findRegion(o.env.cloud.provider, o.region)?.s3?.containerRegion;
  const identity = addS3Identity(stack, o.env, o.credentialFor, o.provider);
  const shared = (o.sharedWith ?? []).map((purpose) => ({ purpose, identity: addS3Identity(stack, o.env, purpose, o.provider) }));
  // Swift takes a comma-separated list of grantees (keystoneauth `_authorize_cross_tenant`).
  const acl = [identity, ...shared.map((s) => s.identity)].map((i) => i.containerAcl).filter((a): a is string => a !== undefined).join(',');
  const names: Record<string, string> = {};
  const madeBySocle: string[] = [];
  for (const bucket of o.buckets) {
    const name = bucketName(o.env, bucket.name);
    if (containerRegion === undefined) {
      names[bucket.name] = name;
      madeBySocle.push(name);
      continue;
    }
    names[bucket.name] = new ObjectstorageContainerV1(stack, address(ObjectstorageContainerV1, resourceId(bucket.name)), {
      name,
      // Containers are made in the object-store region that serves the plan's region (GRA for GRA11).
      region: containerRegion,
      forceDestroy: false,
      metadata: { 'socle-environment': o.env.name, 'socle-purpose': bucket.purpose },
      // Only this purpose's own S3 users (identity/s3-credential.ts) read and write it.
      ...(acl ? { containerRead: acl, containerWrite: acl } : {}),
      lifecycle: { preventDestroy: true },
      ...(o.provider ? { provider: o.provider } : {}),
    }).name;
  }
  const credential = identity.credential;
  new TerraformOutput(stack, 'bucket_names', { value: names, description: `logical name → bucket, in ${o.region}` });
  new TerraformOutput(stack, 'buckets_made_by_socle', { value: madeBySocle, description: `buckets of ${o.region} that socle deploy makes through its S3 API (no Swift container)` });
  new TerraformOutput(stack, 's3_endpoint', { value: s3.endpoint });
  new TerraformOutput(stack, 's3_region', { value: s3.region });
  new TerraformOutput(stack, 's3_access_key', { value: credential.access, description: `S3 access key (${o.credentialFor} credential)` });
  new TerraformOutput(stack, 's3_secret_key', { value: credential.secret, sensitive: true });
  for (const s of shared) {
    new TerraformOutput(stack, `${s.purpose}_s3_access_key`, { value: s.identity.credential.access, description: `S3 access key (${s.purpose} credential)` });
    new TerraformOutput(stack, `${s.purpose}_s3_secret_key`, { value: s.identity.credential.secret, sensitive: true });
  }
}
