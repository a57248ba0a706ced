/** In a multi-zone region, replicas, instances and node pools spread over zones. */
import { dig, pointer } from '../artifacts/json.js';
import { manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import type { Policy, Violation } from '../policy.js';

const ZONE_KEY = 'topology.kubernetes.io/zone';

function spreadsOverZones(spec: Record<string, unknown>): boolean {
  const constraints = spec['topologySpreadConstraints'];
  if (Array.isArray(constraints) && constraints.some((c) => dig(c, 'topologyKey') === ZONE_KEY)) return true;
  const anti = [...((dig(spec, 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution') as unknown[]) ?? []), ...(((dig(spec, 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution') as unknown[]) ?? []).map((p) => dig(p, 'podAffinityTerm')))];
  return anti.some((term) => dig(term, 'topologyKey') === ZONE_KEY);
}

export const availabilityZoneSpread: Policy = {
  id: 'availability-zone-spread',
  title: 'Replicas and nodes spread over the region’s availability zones',
  category: 'availability',
  severity: 'medium',
  rationale: 'A 3-AZ region (OVHcloud EU-WEST-PAR) survives the loss of a zone only if each replicated component and each node pool has members in several zones.',
  remediation: `Add a topologySpreadConstraint on ${ZONE_KEY} to every replicated workload; set availability_zone on every instance and spread pools over \`cloud.availabilityZones\`.`,
  references: [
    { title: 'Kubernetes: pod topology spread constraints', url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/' },
    { title: 'OVHcloud 3-AZ reference architecture', url: 'https://github.com/ovh/docs/blob/develop/pages/public_cloud/public_cloud_cross_functional/3az_ref_architecture/guide.en-gb.md' },
  ],
  check(artifacts) {
    const zones = artifacts.environment.cloud.availabilityZones;
    if (zones.length < 2) return { notApplicable: `region ${artifacts.environment.cloud.region} has ${zones.length === 0 ? 'one zone' : 'one zone configured'}` };
    const out: Violation[] = [];
    for (const t of podTemplates(artifacts.objects)) {
      if ((t.owner.kind !== 'Deployment' && t.owner.kind !== 'StatefulSet') || (t.replicas ?? 1) < 2) continue;
      if (!spreadsOverZones(t.spec)) out.push({ resource: t.owner.address, message: `${t.replicas} replicas with no spread over ${ZONE_KEY}`, evidence: { file: t.owner.file, pointer: manifestPointer(t.owner, ...t.path, 'topologySpreadConstraints'), value: t.spec['topologySpreadConstraints'] ?? null } });
    }
    for (const config of artifacts.terraform) {
      const instances = config.resources.filter((r) => r.type === 'openstack_compute_instance_v2');
      for (const r of instances.filter((r) => typeof r.values['availability_zone'] !== 'string')) {
        out.push({ resource: `${config.addressPrefix}/${r.address}`, message: 'instance names no availability_zone: the cloud places it', evidence: { file: config.file, pointer: `${r.pointer}/availability_zone`, value: null } });
      }
      const zoned = instances.map((r) => r.values['availability_zone']).filter((z): z is string => typeof z === 'string');
      const used = [...new Set(zoned)];
      if (zoned.length > 1 && used.length === 1) out.push({ resource: `${config.addressPrefix}/openstack_compute_instance_v2`, message: `the ${zoned.length} instances that name a zone are all in ${used[0]}`, evidence: { file: config.file, pointer: '/resource/openstack_compute_instance_v2', value: used } });
    }
    artifacts.sizing?.nodePools.forEach((pool, i) => {
      const populated = pool.zones.filter((z) => z.zone !== null && z.count > 0);
      if (pool.count > 1 && populated.length < 2) out.push({ resource: `sizing/nodePools/${pool.role}`, message: `${pool.count} ${pool.role} nodes planned in ${populated.length} zone${populated.length === 1 ? '' : 's'}`, evidence: { file: 'sizing.json', pointer: pointer('nodePools', i, 'zones'), value: pool.zones } });
    });
    return out;
  },
};
