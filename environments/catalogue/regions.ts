/**
 * The region catalogue: for each provider, the regions socle knows, where they are, which
 * OpenStack services they offer. Residency checks and validation read it. The facts are data, one
 * file per cloud in environments/catalogue/clouds/ (cloud-catalogue.ts reads them); an integrator
 * adds a cloud or region there (see README, "Integrators").
 */
import type { Provider } from '../environment.js';
import { clouds, type Service } from './cloud-catalogue.js';

export type { Service };

export interface Region {
  /** OpenStack region name as the cloud spells it. */
  name: string;
  /** Operator of the cloud (the company that answers for it). */
  operator: string;
  /** Country of incorporation of the operator's parent (the reach of non-EU law follows it). */
  operatorCountry: string;
  city: string;
  /** ISO 3166-1 alpha-2 country of the data centre. */
  country: string;
  /** The data centre country is an EU member state. */
  eu: boolean;
  availabilityZones: string[];
  services: Service[];
  /**
   * Object storage, when the region has one: the S3 API that serves its buckets (`region`,
   * `endpoint`, signed with Keystone EC2 credentials) and, where the region offers Swift, the
   * OpenStack region its containers are made in (`containerRegion`; the stacks make them). Without
   * Swift, `socle deploy` makes the buckets through the S3 API (the stacks list them in the output
   * `buckets_made_by_socle`). `storageClasses`: the S3 storage classes the endpoint keeps as tiers
   * of their own (default `STANDARD` only; a Swift S3 API knows no other).
   */
  s3?: { region: string; endpoint: string; containerRegion?: string; storageClasses?: S3StorageClass[] };
  /** Qualification of this region/offer (e.g. SecNumCloud); `undefined` when it has none. */
  qualification?: { scheme: string; reference: string };
  /** Where these facts come from. */
  source: string;
}

/** S3 storage classes socle writes: Standard, and Infrequent Access for the backup copies. */
export type S3StorageClass = 'STANDARD' | 'STANDARD_IA';

export interface ProviderEntry {
  provider: Provider;
  regions: Region[];
}

const PROVIDERS: readonly Provider[] = ['ovhcloud', 'openstack'];

export const REGION_CATALOGUE: readonly ProviderEntry[] = PROVIDERS.map((provider) => ({
  provider,
  regions: clouds()
    .filter((c) => c.provider === provider)
    .flatMap((c) =>
      c.regions.map(({ name, operator, operatorCountry, city, country, eu, availabilityZones, services, s3, qualification, source }) => ({
        name,
        operator: operator ?? c.operator,
        operatorCountry: operatorCountry ?? c.operatorCountry,
        city,
        country,
        eu,
        availabilityZones,
        services: services ?? c.services,
        ...(s3 ? { s3 } : {}),
        ...(qualification ? { qualification } : {}),
        source,
      })),
    ),
}));

/** The region entry, or `undefined` when the provider doesn't have it (names compare case-insensitively). */
export function findRegion(provider: Provider, name: string): Region | undefined {
  const wanted = name.toLowerCase();
  return REGION_CATALOGUE.find((p) => p.provider === provider)?.regions.find((r) => r.name.toLowerCase() === wanted);
}

/**
 * Like `findRegion`, but a site name finds the first region of that site: an object-store region
 * (`GRA`, as Swift containers and OVHcloud's managed databases name it), or an S3 region (`gra`).
 * Regions that share object storage share a site, country and operator.
 */
export function findRegionOrSite(provider: Provider, name: string): Region | undefined {
  const wanted = name.toLowerCase();
  const regions = REGION_CATALOGUE.find((p) => p.provider === provider)?.regions ?? [];
  const bySigningRegion = regions.filter((r) => r.s3?.region.toLowerCase() === wanted);
  // A signing region names a site only when its regions share one endpoint (CloudFerro signs several sites as RegionOne).
  const site = bySigningRegion.every((r) => sharesObjectStorage(r, bySigningRegion[0])) ? bySigningRegion[0] : undefined;
  return findRegion(provider, name) ?? regions.find((r) => r.s3?.containerRegion?.toLowerCase() === wanted) ?? site;
}

/**
 * The storage class socle's rclone jobs write their copies in (file copies, MongoDB dumps): the
 * Infrequent Access tier where the region's S3 endpoint has one, read back only to restore.
 * Elsewhere none is asked: a Swift S3 API knows STANDARD only.
 */
export function copiesStorageClass(provider: Provider, region: string): S3StorageClass | undefined {
  return findRegion(provider, region)?.s3?.storageClasses?.includes('STANDARD_IA') ? 'STANDARD_IA' : undefined;
}

/**
 * Two regions on one site: they share their object storage, the same S3 endpoint (OVHcloud's GRA7,
 * GRA9 and GRA11). The signing region names no site: CloudFerro signs most regions' S3 `RegionOne`.
 */
export function sharesObjectStorage(a: Region | undefined, b: Region | undefined): boolean {
  return a?.s3 !== undefined && b?.s3 !== undefined && a.s3.endpoint === b.s3.endpoint;
}

export function regionNames(provider: Provider): string[] {
  return REGION_CATALOGUE.find((p) => p.provider === provider)?.regions.map((r) => r.name) ?? [];
}
