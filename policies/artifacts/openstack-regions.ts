/**
 * Where each OpenStack resource lives: its own `region`, else its provider configuration's (the
 * default one or an alias). Absent everywhere means "whatever OS_REGION_NAME says at apply time":
 * invisible to an auditor, so the residency checks fail closed on it.
 */
import { findRegionOrSite, sharesObjectStorage } from '../../environments/catalogue/regions.js';
import type { Environment } from '../../environments/environment.js';
import { inJurisdiction, jurisdictionName } from '../jurisdiction.js';
import type { TerraformConfig, TerraformProvider, TerraformResource } from './terraform.js';

export const isOpenStack = (type: string) => type.startsWith('openstack_');

/** A literal region; expressions (`${var.region}`) are resolved only in plans. */
export function literalRegion(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && !value.includes('${') ? value : undefined;
}

export interface PlacedResource {
  config: TerraformConfig;
  resource: TerraformResource;
  /** The resource's own region, when it sets one. */
  ownRegion?: string;
  provider?: TerraformProvider;
  /** Effective region name, `undefined` when nothing sets it. */
  region?: string;
}

export function openstackProviders(config: TerraformConfig): TerraformProvider[] {
  return config.providers.filter((p) => p.key === 'openstack' || p.key.startsWith('openstack.'));
}

export function placedResources(config: TerraformConfig): PlacedResource[] {
  return config.resources
    .filter((r) => isOpenStack(r.type))
    .map((resource) => {
      const ownRegion = literalRegion(resource.values['region']);
      const provider = config.providers.find((p) => p.key === resource.providerKey);
      const region = ownRegion ?? literalRegion(provider?.region);
      return { config, resource, ...(ownRegion ? { ownRegion } : {}), ...(provider ? { provider } : {}), ...(region ? { region } : {}) };
    });
}

/**
 * Two region names on the same site: the same region, or regions sharing their object storage
 * (OVHcloud's containers live in the site's object-store region, `GRA` for GRA7/GRA9/GRA11).
 */
export function sameSite(provider: Environment['cloud']['provider'], a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const [ra, rb] = [findRegionOrSite(provider, a), findRegionOrSite(provider, b)];
  return sharesObjectStorage(ra, rb);
}

/** Why a region is outside the jurisdiction (location or operator), `undefined` when it is inside. */
export function regionProblem(name: string, environment: Environment): string | undefined {
  const region = findRegionOrSite(environment.cloud.provider, name);
  const where = jurisdictionName(environment.residency.jurisdiction);
  if (!region) return `region ${name} is not in the ${environment.cloud.provider} region catalogue: its location can't be established`;
  if (!inJurisdiction(region.country, environment.residency.jurisdiction)) return `region ${name} is in ${region.city}, ${region.country}, outside ${where}`;
  if (!inJurisdiction(region.operatorCountry, environment.residency.jurisdiction)) return `region ${name} is operated by ${region.operator} (${region.operatorCountry}), outside ${where}`;
  return undefined;
}
