/**
 * The region catalogue: for each provider, the regions socle knows, where they are, which
 * OpenStack services they offer. Residency checks and validation read it; an integrator adds a
 * cloud or region here (see README, "Integrators").
 */
import type { Provider } from '../environment.js';

export type Service = 'compute' | 'network' | 'blockstorage' | 'objectstorage' | 'loadbalancer' | 'keymanager' | 'magnum' | 'dns';

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
   * `buckets_made_by_socle`).
   */
  s3?: { region: string; endpoint: string; containerRegion?: string };
  /** Qualification of this region/offer (e.g. SecNumCloud); `undefined` when it has none. */
  qualification?: { scheme: string; reference: string };
  /** Where these facts come from. */
  source: string;
}

export interface ProviderEntry {
  provider: Provider;
  regions: Region[];
}

const OVH_SERVICES: Service[] = ['compute', 'network', 'blockstorage', 'objectstorage', 'loadbalancer', 'keymanager'];
// OVHcloud regions: ovh/docs pages/storage_and_backup/object_storage/s3_location/guide.en-gb.md (2026-02-03);
// 3-AZ zones: ovh/docs public_cloud_cross_functional/3az_ref_architecture (2025-09-23). OVHcloud exposes
// no Magnum and no Designate (managed Kubernetes is its own API): not listed in its OpenStack services.
const OVH_SOURCE = 'ovh/docs s3_location guide (2026-02-03), 3az_ref_architecture guide (2025-09-23)';

// Object storage (s3_location guide): every region has the native S3 service
// `https://s3.<site>.io.cloud.ovh.net`; only GRA, SBG, DE, UK, WAW and BHS still offer Swift
// ("Object Storage Swift - Legacy"), whose containers the OpenStack API makes, in the site's
// object-store region (`GRA`, not `GRA11`), served as buckets by `https://s3.<site>.cloud.ovh.net`.
// Elsewhere (RBX, the 3-AZ regions EU-WEST-PAR and EU-SOUTH-MIL, …) buckets exist only in the native
// service: socle deploy makes them through its S3 API.
const OVH_SWIFT_SITES = new Set(['gra', 'sbg', 'de', 'uk', 'waw', 'bhs']);

function ovh(name: string, city: string, country: string, eu: boolean, s3: string, zones: string[] = []): Region {
  return {
    name,
    operator: 'OVHcloud',
    operatorCountry: 'FR',
    city,
    country,
    eu,
    availabilityZones: zones,
    services: OVH_SERVICES,
    s3: OVH_SWIFT_SITES.has(s3)
      ? { region: s3, endpoint: `https://s3.${s3}.cloud.ovh.net`, containerRegion: s3.toUpperCase() }
      : { region: s3, endpoint: `https://s3.${s3}.io.cloud.ovh.net` },
    source: OVH_SOURCE,
  };
}

// Cleura (ex-City Cloud): regions from openstack/openstacksdk doc/source/user/config/vendor-support.rst
// [dated]; Cleura Public Cloud runs OpenStack Magnum (docs.cleura.cloud, "Kubernetes with Magnum").
function cleura(name: string, city: string, country: string): Region {
  return {
    name,
    operator: 'Cleura',
    operatorCountry: 'SE',
    city,
    country,
    eu: true,
    availabilityZones: [],
    services: ['compute', 'network', 'blockstorage', 'objectstorage', 'loadbalancer', 'keymanager', 'magnum'],
    s3: { region: name.toLowerCase(), endpoint: `https://s3-${name.toLowerCase()}.citycloud.com:8080`, containerRegion: name },
    source: 'openstack/openstacksdk vendor-support.rst (City Cloud/Cleura) [dated]',
  };
}

export const REGION_CATALOGUE: readonly ProviderEntry[] = [
  {
    provider: 'ovhcloud',
    regions: [
      ovh('GRA7', 'Gravelines', 'FR', true, 'gra'),
      ovh('GRA9', 'Gravelines', 'FR', true, 'gra'),
      ovh('GRA11', 'Gravelines', 'FR', true, 'gra'),
      ovh('RBX-A', 'Roubaix', 'FR', true, 'rbx'),
      ovh('SBG5', 'Strasbourg', 'FR', true, 'sbg'),
      ovh('EU-WEST-PAR', 'Paris', 'FR', true, 'eu-west-par', ['eu-west-par-a', 'eu-west-par-b', 'eu-west-par-c']),
      ovh('EU-SOUTH-MIL', 'Milan', 'IT', true, 'eu-south-mil', ['eu-south-mil-a', 'eu-south-mil-b', 'eu-south-mil-c']),
      ovh('DE1', 'Frankfurt (Limburg)', 'DE', true, 'de'),
      ovh('WAW1', 'Warsaw', 'PL', true, 'waw'),
      ovh('UK1', 'London (Erith)', 'GB', false, 'uk'),
      ovh('BHS5', 'Beauharnois', 'CA', false, 'bhs'),
      ovh('CA-EAST-TOR', 'Toronto', 'CA', false, 'ca-east-tor'),
      ovh('SGP1', 'Singapore', 'SG', false, 'sgp'),
      ovh('SYD1', 'Sydney', 'AU', false, 'ap-southeast-syd'),
      // US regions are run by OVHcloud's US subsidiary (OVH US LLC): non-EU operator and location.
      { ...ovh('US-EAST-VA-1', 'Vint Hill', 'US', false, 'us-east-va'), operator: 'OVH US', operatorCountry: 'US' },
      { ...ovh('US-WEST-OR-1', 'Hillsboro', 'US', false, 'us-west-or'), operator: 'OVH US', operatorCountry: 'US' },
    ],
  },
  {
    provider: 'openstack',
    regions: [
      cleura('Fra1', 'Frankfurt', 'DE'),
      cleura('Sto2', 'Stockholm', 'SE'),
      cleura('Kna1', 'Karlskrona', 'SE'),
      {
        // Open Telekom Cloud: opentelekomcloud-docs/regions-and-endpoints; no Magnum (its own CCE).
        name: 'eu-de',
        operator: 'T-Systems (Open Telekom Cloud)',
        operatorCountry: 'DE',
        city: 'Magdeburg/Biere',
        country: 'DE',
        eu: true,
        availabilityZones: ['eu-de-01', 'eu-de-02', 'eu-de-03'],
        services: ['compute', 'network', 'blockstorage', 'objectstorage', 'loadbalancer', 'keymanager'],
        s3: { containerRegion: 'eu-de', region: 'eu-de', endpoint: 'https://obs.eu-de.otc.t-systems.com' },
        source: 'opentelekomcloud-docs/regions-and-endpoints',
      },
      {
        name: 'eu-nl',
        operator: 'T-Systems (Open Telekom Cloud)',
        operatorCountry: 'DE',
        city: 'Amsterdam',
        country: 'NL',
        eu: true,
        availabilityZones: ['eu-nl-01', 'eu-nl-02', 'eu-nl-03'],
        services: ['compute', 'network', 'blockstorage', 'objectstorage', 'loadbalancer', 'keymanager'],
        s3: { containerRegion: 'eu-nl', region: 'eu-nl', endpoint: 'https://obs.eu-nl.otc.t-systems.com' },
        source: 'opentelekomcloud-docs/regions-and-endpoints',
      },
      {
        // Infomaniak Public Cloud: Switzerland is not an EU member (adequacy decision only).
        name: 'dc3-a',
        operator: 'Infomaniak',
        operatorCountry: 'CH',
        city: 'Geneva',
        country: 'CH',
        eu: false,
        availabilityZones: [],
        services: ['compute', 'network', 'blockstorage', 'objectstorage', 'loadbalancer', 'magnum'],
        s3: { containerRegion: 'dc3-a', region: 'dc3-a', endpoint: 'https://s3.pub1.infomaniak.cloud' },
        source: 'infomaniak.com/en/support/faq/2605',
      },
    ],
  },
];

/** The region entry, or `undefined` when the provider doesn't have it (names compare case-insensitively). */
export function findRegion(provider: Provider, name: string): Region | undefined {
  const wanted = name.toLowerCase();
  return REGION_CATALOGUE.find((p) => p.provider === provider)?.regions.find((r) => r.name.toLowerCase() === wanted);
}

/**
 * Like `findRegion`, but an object-store region (`GRA`, as Terraform containers name it) finds the
 * first region it serves: regions that share object storage share a site, country and operator.
 */
export function findRegionOrSite(provider: Provider, name: string): Region | undefined {
  const wanted = name.toLowerCase();
  return findRegion(provider, name) ?? REGION_CATALOGUE.find((p) => p.provider === provider)?.regions.find((r) => r.s3?.containerRegion?.toLowerCase() === wanted);
}

export function regionNames(provider: Provider): string[] {
  return REGION_CATALOGUE.find((p) => p.provider === provider)?.regions.map((r) => r.name) ?? [];
}
