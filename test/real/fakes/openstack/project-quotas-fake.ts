/**
 * The fake OpenStack's quota answers: a project's limits and usage as Nova, Cinder, Neutron and
 * Octavia return them, each shape taken from the service's API reference (cited per route).
 * Another project's quotas are refused (403), as their default policies do for a non-admin.
 */
import type { Answer, Route } from './openstack-fake.js';

export interface FakeQuota {
  limit: number;
  used: number;
}

export interface FakeProjectQuotas {
  nova: { instances: FakeQuota; cores: FakeQuota; ram: FakeQuota; server_groups: FakeQuota; server_group_members: number };
  cinder: { volumes: FakeQuota; gigabytes: FakeQuota };
  neutron: Record<'floatingip' | 'port' | 'network' | 'subnet' | 'router' | 'security_group' | 'security_group_rule', FakeQuota>;
  octavia: { load_balancer: number; loadBalancers: number };
}

const fresh = (limit: number): FakeQuota => ({ limit, used: 0 });

/**
 * A new project's quotas with the services' default configuration: nova `nova/conf/quota.py`
 * (instances 10, cores 20, ram 51200 MiB, server_groups 10, server_group_members 10); cinder
 * `cinder/quota.py` (volumes 10, gigabytes 1000); neutron's "Manage Networking service quotas"
 * table (floatingip 50, network 100, port 500, router 10, security_group 10, security_group_rule
 * 100, subnet 100); octavia `octavia/common/config.py` (load balancers unlimited, -1).
 */
export function defaultProjectQuotas(): FakeProjectQuotas {
  return {
    nova: { instances: fresh(10), cores: fresh(20), ram: fresh(51200), server_groups: fresh(10), server_group_members: 10 },
    cinder: { volumes: fresh(10), gigabytes: fresh(1000) },
    neutron: { floatingip: fresh(50), port: fresh(500), network: fresh(100), subnet: fresh(100), router: fresh(10), security_group: fresh(10), security_group_rule: fresh(100) },
    octavia: { load_balancer: -1, loadBalancers: 0 },
  };
}

/** Every limit at `limit`, nothing in use: a project with room for anything socle sizes. */
export function roomyProjectQuotas(limit = 10_000_000): FakeProjectQuotas {
  const q = defaultProjectQuotas();
  for (const service of [q.nova, q.cinder, q.neutron] as Record<string, FakeQuota | number>[]) {
    for (const key of Object.keys(service)) service[key] = typeof service[key] === 'number' ? limit : fresh(limit);
  }
  q.octavia.load_balancer = limit;
  return q;
}

export function quotaRoutes(quotas: FakeProjectQuotas, projectId: string): Route[] {
  const own = (params: Readonly<Record<string, string>>, answer: () => Answer): Answer =>
    params['project'] === projectId ? answer() : { status: 403, body: { error: { code: 403, title: 'Forbidden', message: "Policy doesn't allow this operation" } } };

  return [
    {
      // GET /v2.1/{project_id}/limits without a microversion header (2.1): the absolute limits of
      // nova doc/api_samples/limits/limit-get-resp.json, with the network proxies 2.36 drops, and
      // the usage nova/api/openstack/compute/used_limits.py adds.
      method: 'GET',
      pattern: /^\/(?<region>[^/]+)\/compute\/v2\.1\/(?<project>[^/]+)\/limits$/,
      route: 'nova: GET /v2.1/{project_id}/limits',
      handler: ({ params }) =>
        own(params, () => {
          const n = quotas.nova;
          return {
            status: 200,
            body: {
              limits: {
                rate: [],
                absolute: {
                  maxImageMeta: 128,
                  maxPersonality: 5,
                  maxPersonalitySize: 10240,
                  maxSecurityGroupRules: 20,
                  maxSecurityGroups: 10,
                  maxServerMeta: 128,
                  maxTotalCores: n.cores.limit,
                  maxTotalFloatingIps: 10,
                  maxTotalInstances: n.instances.limit,
                  maxTotalKeypairs: 100,
                  maxTotalRAMSize: n.ram.limit,
                  maxServerGroups: n.server_groups.limit,
                  maxServerGroupMembers: n.server_group_members,
                  totalCoresUsed: n.cores.used,
                  totalInstancesUsed: n.instances.used,
                  totalRAMUsed: n.ram.used,
                  totalFloatingIpsUsed: 0,
                  totalSecurityGroupsUsed: 0,
                  totalServerGroupsUsed: n.server_groups.used,
                },
              },
            },
          };
        }),
    },
    {
      // GET /v3/{project_id}/limits — block-storage api-ref v3 "Show absolute limits for project".
      method: 'GET',
      pattern: /^\/(?<region>[^/]+)\/volume\/v3\/(?<project>[^/]+)\/limits$/,
      route: 'cinder: GET /v3/{project_id}/limits',
      handler: ({ params }) =>
        own(params, () => {
          const c = quotas.cinder;
          return {
            status: 200,
            body: {
              limits: {
                rate: [],
                absolute: {
                  totalSnapshotsUsed: 0,
                  maxTotalBackups: 10,
                  maxTotalVolumeGigabytes: c.gigabytes.limit,
                  maxTotalSnapshots: 10,
                  maxTotalBackupGigabytes: 1000,
                  totalBackupGigabytesUsed: 0,
                  maxTotalVolumes: c.volumes.limit,
                  totalVolumesUsed: c.volumes.used,
                  totalBackupsUsed: 0,
                  totalGigabytesUsed: c.gigabytes.used,
                },
              },
            },
          };
        }),
    },
    {
      // GET /v2.0/quotas/{project_id}/details.json — networking api-ref "Show quota details for a tenant".
      method: 'GET',
      pattern: /^\/(?<region>[^/]+)\/network\/v2\.0\/quotas\/(?<project>[^/]+)\/details\.json$/,
      route: 'neutron: GET /v2.0/quotas/{project_id}/details.json',
      handler: ({ params }) =>
        own(params, () => ({
          status: 200,
          body: {
            quota: {
              ...Object.fromEntries(Object.entries(quotas.neutron).map(([k, q]) => [k, { used: q.used, limit: q.limit, reserved: 0 }])),
              rbac_policy: { used: 0, limit: 10, reserved: 0 },
              subnetpool: { used: 0, limit: -1, reserved: 0 },
            },
          },
        })),
    },
    {
      // GET /v2.0/lbaas/quotas/{project_id} — load-balancer api-ref v2/quota.inc "Show Project Quota".
      method: 'GET',
      pattern: /^\/(?<region>[^/]+)\/load-balancer\/v2\.0\/lbaas\/quotas\/(?<project>[^/]+)$/,
      route: 'octavia: GET /v2.0/lbaas/quotas/{project_id}',
      handler: ({ params }) =>
        own(params, () => ({ status: 200, body: { quota: { load_balancer: quotas.octavia.load_balancer, listener: -1, member: -1, pool: -1, health_monitor: -1, l7policy: -1, l7rule: -1 } } })),
    },
    {
      // GET /v2.0/lbaas/loadbalancers?project_id= — load-balancer api-ref "List Load Balancers".
      method: 'GET',
      pattern: /^\/(?<region>[^/]+)\/load-balancer\/v2\.0\/lbaas\/loadbalancers$/,
      route: 'octavia: GET /v2.0/lbaas/loadbalancers',
      handler: ({ query }) => {
        const extra = [...query.keys()].filter((k) => k !== 'project_id');
        if (extra.length > 0) return { status: 500, body: { error: `fake Octavia: unsupported filter ${extra.join(', ')}` } };
        const project = query.get('project_id') ?? projectId;
        if (project !== projectId) return { status: 403, body: { faultcode: 'Client', faultstring: 'Policy does not allow this request to be performed.' } };
        const loadbalancers = Array.from({ length: quotas.octavia.loadBalancers }, (_, i) => ({ id: `lb-${i}`, name: `existing-${i}`, project_id: projectId, provisioning_status: 'ACTIVE', operating_status: 'ONLINE' }));
        return { status: 200, body: { loadbalancers, loadbalancers_links: [] } };
      },
    },
  ];
}
