/**
 * A project's quotas and what it already uses, in one region, read through each service's own API
 * as its reference documents it. A service the catalog doesn't list, or that doesn't answer, is a
 * note: its quotas are not checked, and nothing fails because of it.
 */
import type { OperateDeps } from '../flows/operate-context.js';
import { catalogEndpoint, parseJson, type KeystoneSession } from './keystone-token.js';

/** Names as `openstack quota set` spells its options (`--server-group-members`…). */
export type QuotaName =
  | 'instances'
  | 'cores'
  | 'ram'
  | 'server-groups'
  | 'server-group-members'
  | 'floating-ips'
  | 'ports'
  | 'networks'
  | 'subnets'
  | 'routers'
  | 'secgroups'
  | 'secgroup-rules'
  | 'volumes'
  | 'gigabytes'
  | 'loadbalancer';

export interface QuotaReading {
  name: QuotaName;
  /** `-1`: unlimited (every service's convention). */
  limit: number;
  /** In use now; `undefined` where the API gives only the limit. Server group members are per group. */
  used?: number;
}

export interface ProjectQuotas {
  region: string;
  readings: QuotaReading[];
  /** Services whose quotas could not be read, and why. */
  notes: string[];
}

const TIMEOUT_MS = 15_000;

type Fields = Record<string, unknown>;
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

function reading(name: QuotaName, limit: unknown, used?: unknown): QuotaReading[] {
  const l = int(limit);
  if (l === undefined) return [];
  const u = int(used);
  return [{ name, limit: l, ...(u !== undefined ? { used: u } : {}) }];
}

/**
 * Nova `GET /v2.1/{project_id}/limits` (compute api-ref `limits.inc`; response
 * `nova/doc/api_samples/limits/v2.36/limit-get-resp.json`): `limits.absolute` with maxTotalCores,
 * maxTotalRAMSize (MiB), maxTotalInstances, maxServerGroups, maxServerGroupMembers and, from
 * `used_limits.py`, totalCoresUsed, totalRAMUsed, totalInstancesUsed, totalServerGroupsUsed — at
 * every microversion (2.36 only drops the network proxies, which Neutron answers below). OVHcloud's
 * compute endpoint already ends with the project id, so `/limits` goes right after it.
 */
function novaReadings(body: unknown): QuotaReading[] | undefined {
  const a = (body as { limits?: { absolute?: Fields } } | undefined)?.limits?.absolute;
  if (!a) return undefined;
  return [
    ...reading('instances', a['maxTotalInstances'], a['totalInstancesUsed']),
    ...reading('cores', a['maxTotalCores'], a['totalCoresUsed']),
    ...reading('ram', a['maxTotalRAMSize'], a['totalRAMUsed']),
    ...reading('server-groups', a['maxServerGroups'], a['totalServerGroupsUsed']),
    ...reading('server-group-members', a['maxServerGroupMembers']),
  ];
}

/**
 * Cinder `GET /v3/{project_id}/limits` (block-storage api-ref v3 `limits.inc`, "Show absolute
 * limits for project"): `limits.absolute` with maxTotalVolumes, totalVolumesUsed,
 * maxTotalVolumeGigabytes, totalGigabytesUsed. The volumev3 endpoint ends with the project id.
 */
function cinderReadings(body: unknown): QuotaReading[] | undefined {
  const a = (body as { limits?: { absolute?: Fields } } | undefined)?.limits?.absolute;
  if (!a) return undefined;
  return [...reading('volumes', a['maxTotalVolumes'], a['totalVolumesUsed']), ...reading('gigabytes', a['maxTotalVolumeGigabytes'], a['totalGigabytesUsed'])];
}

/**
 * Neutron `GET /v2.0/quotas/{project_id}/details.json` (networking api-ref, "Show quota details for
 * a tenant"; neutron-lib `api-ref/source/v2/quotas.inc`): `quota.<resource>` = `{used, limit, reserved}`.
 * Reserved counts as used: Neutron holds it for creations under way.
 */
function neutronReadings(body: unknown): QuotaReading[] | undefined {
  const q = (body as { quota?: Record<string, { used?: unknown; limit?: unknown; reserved?: unknown }> } | undefined)?.quota;
  if (!q) return undefined;
  const pick = (name: QuotaName, key: string) => {
    const r = q[key];
    return r ? reading(name, r.limit, (int(r.used) ?? 0) + (int(r.reserved) ?? 0)) : [];
  };
  return [
    ...pick('floating-ips', 'floatingip'),
    ...pick('ports', 'port'),
    ...pick('networks', 'network'),
    ...pick('subnets', 'subnet'),
    ...pick('routers', 'router'),
    ...pick('secgroups', 'security_group'),
    ...pick('secgroup-rules', 'security_group_rule'),
  ];
}

/**
 * Octavia `GET /v2.0/lbaas/quotas/{project_id}` (load-balancer api-ref `v2/quota.inc`, "Show Project
 * Quota"): `quota.load_balancer` (older releases also say `loadbalancer`), limits only; what is in
 * use is the project's `GET /v2.0/lbaas/loadbalancers` list (`loadbalancers`).
 */
function octaviaLimit(body: unknown): number | undefined {
  const q = (body as { quota?: Fields } | undefined)?.quota;
  return q ? (int(q['load_balancer']) ?? int(q['loadbalancer'])) : undefined;
}

export async function readProjectQuotas(session: KeystoneSession, region: string, deps: Pick<OperateDeps, 'request'>): Promise<ProjectQuotas> {
  const readings: QuotaReading[] = [];
  const notes: string[] = [];
  const get = async (service: string, url: string): Promise<unknown> => {
    const answer = await deps.request({ method: 'GET', url, headers: { 'X-Auth-Token': session.token, Accept: 'application/json' } }, TIMEOUT_MS);
    if ('error' in answer) {
      notes.push(`${service} quotas not checked: ${url} can't be reached (${answer.error})`);
      return undefined;
    }
    if (answer.status !== 200) {
      notes.push(`${service} quotas not checked: ${url} answered HTTP ${answer.status}`);
      return undefined;
    }
    return parseJson(answer.body) ?? null;
  };
  const read = async (service: string, types: readonly string[], path: (endpoint: string) => string, parse: (body: unknown) => QuotaReading[] | undefined) => {
    const endpoint = catalogEndpoint(session, types, region);
    if (!endpoint) {
      notes.push(`${service} quotas not checked: the catalog has no ${types.join(' or ')} endpoint (${session.interface}) in region ${region}`);
      return;
    }
    const body = await get(service, path(endpoint));
    if (body === undefined) return;
    const parsed = parse(body);
    if (parsed) readings.push(...parsed);
    else notes.push(`${service} quotas not checked: the answer of ${path(endpoint)} has no quotas socle can read`);
  };

  // gophercloud v2.8.0 `openstack/client.go` names Cinder v3 block-storage, with volumev3 as its older alias.
  await read('Nova', ['compute'], (e) => `${e}/limits`, novaReadings);
  await read('Cinder', ['block-storage', 'volumev3'], (e) => `${e}/limits`, cinderReadings);
  await read('Neutron', ['network'], (e) => `${versioned(e, 'v2.0')}/quotas/${session.projectId}/details.json`, neutronReadings);
  await read(
    'Octavia',
    ['load-balancer'],
    (e) => `${versioned(e, 'v2.0')}/lbaas/quotas/${session.projectId}`,
    (body) => {
      const limit = octaviaLimit(body);
      return limit === undefined ? undefined : [{ name: 'loadbalancer', limit }];
    },
  );
  const lb = readings.find((r) => r.name === 'loadbalancer');
  if (lb && lb.limit >= 0) {
    const endpoint = catalogEndpoint(session, ['load-balancer'], region)!;
    const listed = await get('Octavia', `${versioned(endpoint, 'v2.0')}/lbaas/loadbalancers?project_id=${encodeURIComponent(session.projectId)}`);
    const list = (listed as { loadbalancers?: unknown[] } | undefined)?.loadbalancers;
    if (Array.isArray(list)) lb.used = list.length;
  }
  return { region, readings, notes };
}

/** Neutron and Octavia list their unversioned root in the catalog (devstack, OVHcloud): add the version unless it is there. */
function versioned(endpoint: string, version: string): string {
  return endpoint.endsWith(`/${version}`) ? endpoint : `${endpoint}/${version}`;
}
