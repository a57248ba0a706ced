/**
 * Flavor catalogue: the instance types socle may pick, every family, per cloud (the `flavors` of
 * environments/catalogue/clouds/*.yaml, each priced, dated and sourced). A cloud without flavors
 * there has its environment name its flavors (`cloud.flavors`) and declare them (`cloud.customFlavors`).
 */
import type { Flavor, Provider } from '../environment.js';
import { cloudOfRegion, clouds, type CatalogueFlavor } from './cloud-catalogue.js';

export type { CatalogueFlavor, FlavorFamily } from './cloud-catalogue.js';

/** A flavor a pool may get: the cloud's, or one the environment declares. */
export type OfferedFlavor = CatalogueFlavor | Flavor;

/** Names of every catalogued flavor of a provider's clouds (validation: a named flavor must exist). */
export function catalogueFlavorNames(provider: Provider): string[] {
  return clouds().filter((c) => c.provider === provider).flatMap((c) => c.flavors.map((f) => f.name));
}

/** Every flavor the cloud of this region offers, all families. */
export function offeredFlavors(provider: Provider, region: string): readonly CatalogueFlavor[] {
  return cloudOfRegion(provider, region)?.flavors ?? [];
}
