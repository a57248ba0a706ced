/**
 * Names: of the OpenStack objects (what an operator sees in Horizon) and of the Terraform
 * resources (the addresses in `tofu plan`). Pure and stable, so output never churns.
 */
import { createHash } from 'node:crypto';
import type { Environment } from '../environments/environment.js';

/** OpenStack object name: `<environment>-<part>-<part>`, e.g. `pilot-media-2`. */
export function objectName(env: Environment, ...parts: (string | number)[]): string {
  return [env.name, ...parts].join('-');
}

/** Terraform resource id: snake_case, so addresses read `openstack_compute_instance_v2.media_2`. */
export function resourceId(...parts: (string | number)[]): string {
  return parts
    .map(String)
    .join('_')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .toLowerCase();
}

const S3_BUCKET_MAX = 63;

/**
 * S3 bucket names are global within a region across all customers: prefix with the authority's
 * domain so two authorities running the same example never collide. Too long → cut and suffixed
 * with a short hash of the full name (still stable).
 */
export function bucketName(env: Environment, logical: string): string {
  const full = `${env.authority.domain}-${env.name}-${logical}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-');
  if (full.length <= S3_BUCKET_MAX) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, S3_BUCKET_MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** Tags on every taggable object: who owns it, so a shared project stays readable. */
export function tags(env: Environment, stack: string): string[] {
  return ['socle', `socle-environment=${env.name}`, `socle-stack=${stack}`];
}

/** Separates the Terraform type from the resource name in a construct id (see `socle-stack.ts`). */
export const ADDRESS_SEPARATOR = '#';

/**
 * Construct id of a resource: construct ids must be unique across types within a stack, Terraform
 * names only within a type; the stack turns `type#name` back into the plain name `name`.
 */
export function address(type: { tfResourceType: string }, name: string): string {
  return `${type.tfResourceType}${ADDRESS_SEPARATOR}${name}`;
}
