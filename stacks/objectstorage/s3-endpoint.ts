/** The S3 endpoint of a region, from the region catalogue. */
import type { Environment } from '../../environments/environment.js';
import { findRegion } from '../../environments/catalogue/regions.js';

export function s3Endpoint(env: Environment, region: string): { region: string; endpoint: string } {
  const s3 = findRegion(env.cloud.provider, region)?.s3;
  if (!s3) throw new Error(`region ${region} of ${env.cloud.provider} has no S3 endpoint in the region catalogue`);
  return s3;
}
