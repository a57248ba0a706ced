/**
 * Object storage containers, reachable through the region's S3 API as buckets of the same name.
 * Data outlives compute: `prevent_destroy` makes `tofu destroy` stop rather than delete them, and
 * `force_destroy` stays off so a non-empty container is never removed.
 */
import { findRegion } from '../../environments/catalogue/regions.js';
import type { Environment } from '../../environments/environment.js';
import type { BucketPlan } from '../../sizing/sizing-plan.js';
import type { TerraformStack } from '../cdktf.js';
import type { OpenstackProvider } from '../generated/providers/openstack/provider/index.js';
import { ObjectstorageContainerV1 } from '../generated/providers/openstack/objectstorage-container-v1/index.js';
import { address, bucketName, resourceId } from '../naming.js';

export function addBucket(stack: TerraformStack, env: Environment, bucket: BucketPlan, provider?: OpenstackProvider): ObjectstorageContainerV1 {
  return new ObjectstorageContainerV1(stack, address(ObjectstorageContainerV1, resourceId(bucket.name)), {
    name: bucketName(env, bucket.name),
    // Containers are made in the object-store region that serves the plan's region (GRA for GRA11).
    region: findRegion(env.cloud.provider, bucket.region)?.s3?.containerRegion ?? bucket.region,
    forceDestroy: false,
    metadata: { 'socle-environment': env.name, 'socle-purpose': bucket.purpose },
    lifecycle: { preventDestroy: true },
    ...(provider ? { provider } : {}),
  });
}
