/**
 * Where the data goes: every place the artifacts send data to — the region of every OpenStack
 * resource, the backup region and targets, the state backends, the registries and the hosts nodes
 * download from, and every external host the apps talk to — each with its operator, the
 * operator's country and the verdict against the jurisdiction. Built from the same catalogues and
 * classifications the residency policies judge with (regions, endpoints, host occurrences), so the
 * map and the findings can't disagree.
 */
import { findRegionOrSite, type Region } from '../../environments/catalogue/regions.js';
import type { Environment } from '../../environments/environment.js';
import type { Artifacts } from '../artifacts/artifacts.js';
import { containers, imageRegistry, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import { placedResources } from '../artifacts/openstack-regions.js';
import type { EndpointService } from '../catalogue/endpoints.js';
import { isBackupTarget } from '../hosts/backup-targets.js';
import { classifyHost, type HostClass } from '../hosts/classify-host.js';
import { classifiedOccurrences, hostScope } from '../hosts/endpoint-violations.js';
import { inJurisdiction } from '../jurisdiction.js';
import type { Evidence } from '../policy.js';
import { SERVICES as EXTERNAL_SERVICES } from '../residency/residency-external-services.js';
import { hostOf } from '../residency/residency-state-backend.js';
import { SERVICES as TELEMETRY_SERVICES } from '../residency/residency-telemetry.js';

export type PlaceRole = 'region' | 'object-storage' | 'backup' | 'state' | 'registry' | 'node-software' | 'external';

/** What goes to a place: a kind of resource or data, or the service an external host provides (`external`: not said). */
export type PlaceUse = 'resources' | 'backup-resources' | 'backup-region' | 'backup-target' | 'object-storage' | 'terraform-state' | 'pulumi-state' | 'images' | 'node-software' | EndpointService | 'external';

/** `own`: the authority's own domain (its mail relay, identity provider, registry…), run under its control. */
export type PlaceVerdict = 'inside' | 'outside' | 'own' | 'unknown';

export interface DataPlace {
  role: PlaceRole;
  /** A region name or a host. */
  where: string;
  /** What goes there, each use once. */
  uses: PlaceUse[];
  /** Empty when unknown. */
  operator: string;
  operatorCountry: string;
  /** Data centre location, for regions (`Paris, FR`). */
  location?: string;
  verdict: PlaceVerdict;
  /** The apps and parts that send data there (`nextcloud`, `terraform/cluster`, `environment`), sorted. */
  from: string[];
  /** The policies that judge this place. */
  policies: string[];
  /** How many places in the artifacts name it; the first of them. */
  occurrences: number;
  evidence: Evidence;
}

export interface DataMap {
  /** The authority's users reach the suite at this domain. */
  domain: string;
  places: DataPlace[];
}

const SERVICE_POLICY: Partial<Record<EndpointService, string>> = {
  'stun-turn': 'residency-stun-turn',
  push: 'residency-push-gateway',
  acme: 'residency-acme-ca',
  registry: 'residency-registry',
  software: 'residency-node-downloads',
  ...Object.fromEntries(TELEMETRY_SERVICES.map((s) => [s, 'residency-telemetry'])),
  ...Object.fromEntries(EXTERNAL_SERVICES.map((s) => [s, 'residency-external-services'])),
};

/** The part of socle an address belongs to: a namespace (the app), a stack, or the environment. */
function partOf(resource: string): string {
  const [first, second] = resource.split('/');
  if (first === 'environment') return /^apps\.([a-z]+)/.exec(second ?? '')?.[1] ?? 'environment';
  if (first === 'terraform' || first === 'plan') return `${first}/${second}`;
  return first === '_cluster' ? 'cluster' : first!;
}

function regionPlace(region: Region | undefined, environment: Environment): Pick<DataPlace, 'operator' | 'operatorCountry' | 'location' | 'verdict'> {
  if (!region) return { operator: '', operatorCountry: '', verdict: 'unknown' };
  const j = environment.residency.jurisdiction;
  const inside = inJurisdiction(region.country, j) && inJurisdiction(region.operatorCountry, j);
  return { operator: region.operator, operatorCountry: region.operatorCountry, location: `${region.city}, ${region.country}`, verdict: inside ? 'inside' : 'outside' };
}

function hostPlace(cls: HostClass, environment: Environment): Pick<DataPlace, 'operator' | 'operatorCountry' | 'location' | 'verdict'> {
  switch (cls.kind) {
    case 'own':
    case 'internal':
      return { operator: environment.authority.name, operatorCountry: '', verdict: 'own' };
    case 'region':
      return { ...regionPlace(cls.region, environment), verdict: cls.inside ? 'inside' : 'outside' };
    case 'known':
      return { operator: cls.endpoint.operator, operatorCountry: cls.endpoint.operatorCountry, verdict: cls.inside ? 'inside' : 'outside' };
    case 'unknown':
      return { operator: '', operatorCountry: '', verdict: 'unknown' };
  }
}

export function dataMap(artifacts: Artifacts): DataMap {
  const { environment } = artifacts;
  const places = new Map<string, DataPlace>();
  const add = (place: Omit<DataPlace, 'occurrences' | 'from' | 'policies'>, from: string, policies: readonly string[]) => {
    // One place per region or host: a host serving as registry and node software host is one row, in the role it was first seen in.
    const key = place.where;
    const known = places.get(key);
    if (!known) places.set(key, { ...place, from: [from], policies: [...policies], occurrences: 1 });
    else {
      known.occurrences += 1;
      for (const use of place.uses) if (!known.uses.includes(use)) known.uses.push(use);
      if (!known.from.includes(from)) known.from.push(from);
      for (const p of policies) if (!known.policies.includes(p)) known.policies.push(p);
    }
  };
  const provider = environment.cloud.provider;

  // The region of every OpenStack resource; backup resources are judged against the backup region.
  for (const config of artifacts.terraform) {
    for (const p of placedResources(config)) {
      const backup = /backup/i.test(p.resource.address);
      const name = p.region ?? 'not set (OS_REGION_NAME at apply time)';
      const region = p.region ? findRegionOrSite(provider, p.region) : undefined;
      const evidence = { file: config.file, pointer: p.ownRegion ? `${p.resource.pointer}/region` : (p.provider?.pointer ?? p.resource.pointer), ...(p.region ? { value: p.region } : {}) };
      add({ role: backup ? 'backup' : 'region', where: name, uses: [backup ? 'backup-resources' : 'resources'], ...regionPlace(region, environment), evidence }, config.addressPrefix, backup ? ['residency-region', 'residency-backup-region'] : ['residency-region']);
    }
  }
  if (environment.backups) {
    const name = environment.backups.region;
    add({ role: 'backup', where: name, uses: ['backup-region'], ...regionPlace(findRegionOrSite(provider, name), environment), evidence: { file: 'environment.json', pointer: '/backups/region', value: name } }, 'environment', ['residency-backup-region']);
  }

  const scope = hostScope(artifacts);
  const state = (url: string, use: PlaceUse, evidence: Evidence, from: string) => {
    const host = hostOf(url);
    add({ role: 'state', where: host ?? url, uses: [use], ...(host ? hostPlace(classifyHost(host, scope), environment) : { operator: '', operatorCountry: '', verdict: 'unknown' as const }), evidence }, from, ['residency-state-backend']);
  };
  if (environment.state.terraform) state(environment.state.terraform.endpoint, 'terraform-state', { file: 'environment.json', pointer: '/state/terraform/endpoint', value: environment.state.terraform.endpoint }, 'environment');
  state(environment.state.pulumi.backend, 'pulumi-state', { file: 'environment.json', pointer: '/state/pulumi/backend', value: environment.state.pulumi.backend }, 'environment');

  // Where the nodes pull images from: the mirror when every image comes from it.
  for (const template of podTemplates(artifacts.objects)) {
    for (const container of containers(template)) {
      const registry = imageRegistry(container.image);
      add({ role: 'registry', where: registry, uses: ['images'], ...hostPlace(classifyHost(registry, scope), environment), evidence: { file: template.owner.file, pointer: manifestPointer(template.owner, ...container.path, 'image'), value: container.image } }, partOf(template.owner.address), ['residency-registry']);
    }
  }
  for (const config of artifacts.terraform) {
    for (const resource of config.resources) {
      const script = resource.values['user_data'];
      if (resource.type !== 'openstack_compute_instance_v2' || typeof script !== 'string') continue;
      for (const [url, host] of script.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)) {
        add({ role: 'node-software', where: host!.toLowerCase(), uses: ['node-software'], ...hostPlace(classifyHost(host!, scope), environment), evidence: { file: config.file, pointer: `${resource.pointer}/user_data`, value: url } }, config.addressPrefix, ['residency-node-downloads']);
      }
    }
  }

  // Every external host the apps and the environment name. The suite's own public names are the
  // apps themselves, unless they serve a role of their own (the suite's TURN server relays media).
  const suite = environment.authority.domain.toLowerCase();
  for (const { occurrence, cls, service } of classifiedOccurrences(artifacts)) {
    const host = occurrence.host;
    if (cls.kind === 'internal' || ((host === suite || host.endsWith(`.${suite}`)) && (service === undefined || service === 'web'))) continue;
    const from = partOf(occurrence.resource);
    if (cls.kind === 'region') {
      const backup = isBackupTarget(occurrence, artifacts);
      add({ role: backup ? 'backup' : 'object-storage', where: host, uses: [backup ? 'backup-target' : 'object-storage'], ...hostPlace(cls, environment), evidence: occurrence.evidence }, from, backup ? ['residency-backup-region'] : ['residency-region']);
      continue;
    }
    const policy = service ? SERVICE_POLICY[service] : undefined;
    add({ role: 'external', where: host, uses: [service ?? 'external'], ...hostPlace(cls, environment), evidence: occurrence.evidence }, from, ['residency-endpoints-unknown', ...(policy ? [policy] : [])]);
  }

  const ORDER: PlaceRole[] = ['region', 'object-storage', 'backup', 'state', 'registry', 'node-software', 'external'];
  const list = [...places.values()].map((p) => ({ ...p, from: [...p.from].sort(), policies: [...p.policies].sort() }));
  list.sort((a, b) => ORDER.indexOf(a.role) - ORDER.indexOf(b.role) || a.where.localeCompare(b.where));
  return { domain: environment.authority.domain, places: list };
}
