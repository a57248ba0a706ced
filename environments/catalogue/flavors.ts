/**
 * Flavor catalogue: the instance types socle may pick per provider. Another OpenStack cloud has no
 * entry here: its environment names its flavors (`cloud.flavors`) and declares them (`cloud.customFlavors`).
 */
import type { Flavor, Provider } from '../environment.js';

/** Flavor families: general purpose (b), compute-optimised (c), memory-optimised (r). */
export type FlavorFamily = 'general' | 'compute' | 'memory';

export interface CatalogueFlavor extends Flavor {
  family: FlavorFamily;
  /** Public bandwidth cap, Mbit/s (matters for videobridges). */
  bandwidthMbps: number;
}

// OVHcloud Public Cloud flavors: vCPU/RAM and prices from mixxor/eu-cloud-prices prices/ovh.json
// (fetched 2026-08-14 from the OVHcloud public order catalogue, `.consumption` hourly × 730);
// bandwidth from feoche/public-cost-indicator [UNCERTAIN: third-party copy of the OVH page].
const OVHCLOUD: CatalogueFlavor[] = [
  { name: 'b3-8', family: 'general', vcpus: 2, ramGb: 8, bandwidthMbps: 500, monthlyEur: 37.38 },
  { name: 'b3-16', family: 'general', vcpus: 4, ramGb: 16, bandwidthMbps: 1000, monthlyEur: 74.68 },
  { name: 'b3-32', family: 'general', vcpus: 8, ramGb: 32, bandwidthMbps: 2000, monthlyEur: 149.36 },
  { name: 'b3-64', family: 'general', vcpus: 16, ramGb: 64, bandwidthMbps: 4000, monthlyEur: 298.72 },
  { name: 'c3-8', family: 'compute', vcpus: 4, ramGb: 8, bandwidthMbps: 500, monthlyEur: 66.65 },
  { name: 'c3-16', family: 'compute', vcpus: 8, ramGb: 16, bandwidthMbps: 1000, monthlyEur: 133.22 },
  { name: 'c3-32', family: 'compute', vcpus: 16, ramGb: 32, bandwidthMbps: 2000, monthlyEur: 266.45 },
  { name: 'r3-16', family: 'memory', vcpus: 2, ramGb: 16, bandwidthMbps: 500, monthlyEur: 48.4 },
  { name: 'r3-32', family: 'memory', vcpus: 4, ramGb: 32, bandwidthMbps: 1000, monthlyEur: 96.65 },
  { name: 'r3-64', family: 'memory', vcpus: 8, ramGb: 64, bandwidthMbps: 2000, monthlyEur: 193.3 },
  { name: 'r3-128', family: 'memory', vcpus: 16, ramGb: 128, bandwidthMbps: 4000, monthlyEur: 386.9 },
];

export const FLAVOR_CATALOGUE: Readonly<Record<Provider, readonly CatalogueFlavor[]>> = {
  ovhcloud: OVHCLOUD,
  openstack: [],
};

export const FLAVOR_PRICE_SOURCE = 'mixxor/eu-cloud-prices prices/ovh.json, OVHcloud public catalogue, fetched 2026-08-14';
