/**
 * From components to node pools: per role, the flavor and the node count (N+1, spread evenly over
 * the zones), by packing the requests into each flavor's allocatable share.
 */
import { FLAVOR_CATALOGUE, type FlavorFamily } from '../environments/catalogue/flavors.js';
import type { Environment, Flavor, Flavors } from '../environments/environment.js';
import { ALLOCATABLE_SHARE, MAX_NODES_PER_POOL, QUORUM_MEMBERS } from './assumptions.js';
import type { ComponentPlan, NodePoolPlan, PoolRole, Resources, ZoneCount } from './sizing-plan.js';

/** The environment asks for something the plan can't honour (a flavor too small for a pod). */
export class SizingError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'SizingError';
  }
}

const FAMILY: Record<PoolRole, FlavorFamily> = { 'control-plane': 'general', general: 'general', media: 'compute', database: 'memory' };
const FIELD: Record<PoolRole, keyof Flavors> = { 'control-plane': 'controlPlane', general: 'general', media: 'media', database: 'database' };

function sum(components: ComponentPlan[]): Resources {
  return components.reduce(
    (acc, c) => ({ cpuMillicores: acc.cpuMillicores + c.requests.cpuMillicores * c.replicas, memoryMiB: acc.memoryMiB + c.requests.memoryMiB * c.replicas }),
    { cpuMillicores: 0, memoryMiB: 0 },
  );
}

function allocatable(f: Flavor): Resources {
  return { cpuMillicores: f.vcpus * 1000 * ALLOCATABLE_SHARE, memoryMiB: f.ramGb * 1024 * ALLOCATABLE_SHARE };
}

function fits(pod: Resources, f: Flavor): boolean {
  const a = allocatable(f);
  return pod.cpuMillicores <= a.cpuMillicores && pod.memoryMiB <= a.memoryMiB;
}

function nodesFor(total: Resources, f: Flavor): number {
  const a = allocatable(f);
  return Math.max(Math.ceil(total.cpuMillicores / a.cpuMillicores), Math.ceil(total.memoryMiB / a.memoryMiB));
}

export function spread(count: number, zones: readonly string[]): ZoneCount[] {
  if (zones.length === 0) return [{ zone: null, count }];
  return zones.map((zone, i) => ({ zone, count: Math.floor(count / zones.length) + (i < count % zones.length ? 1 : 0) }));
}

function roundUpTo(value: number, multiple: number): number {
  return multiple <= 1 ? value : Math.ceil(value / multiple) * multiple;
}

function findFlavor(env: Environment, name: string): Flavor | undefined {
  return env.cloud.customFlavors.find((f) => f.name === name) ?? FLAVOR_CATALOGUE[env.cloud.provider].find((f) => f.name === name);
}

interface PoolNeed {
  role: PoolRole;
  total: Resources;
  largest: Resources;
  /** Fewest nodes the pool may have (distinct nodes for quorum members, one per bridge…). */
  minimum: number;
  /** Pods that must each have a node of their own (videobridges on the host network). */
  onePerNode: number;
  /** Nodes beyond what the requests need (1: N+1; 0 where the pods already carry their spare). */
  spareNodes: number;
  publicIp: boolean;
  why: string;
}

function choose(env: Environment, need: PoolNeed): { flavor: Flavor; nodes: number } {
  const override = env.cloud.flavors[FIELD[need.role]];
  const nodesWith = (f: Flavor) => Math.max(need.minimum, need.onePerNode, nodesFor(need.total, f) + need.spareNodes);
  if (override) {
    const flavor = findFlavor(env, override)!;
    if (!fits(need.largest, flavor)) {
      throw new SizingError(
        `cloud.flavors.${FIELD[need.role]}`,
        `flavor ${flavor.name} (${flavor.vcpus} vCPU, ${flavor.ramGb} GB) can't hold the largest ${need.role} pod (${need.largest.cpuMillicores / 1000} vCPU, ${Math.ceil(need.largest.memoryMiB / 1024)} GiB) within its ${ALLOCATABLE_SHARE * 100} % allocatable share`,
        'choose a larger flavor, or remove the override and let the plan pick',
      );
    }
    return { flavor, nodes: nodesWith(flavor) };
  }
  // The cheapest way to hold the pool (nodes × list price), fewer nodes on a tie, within the
  // node-count bound; the largest flavor when none stays within it.
  const candidates = FLAVOR_CATALOGUE[env.cloud.provider]
    .filter((f) => f.family === FAMILY[need.role] && fits(need.largest, f))
    .sort((a, b) => a.vcpus - b.vcpus || a.ramGb - b.ramGb);
  const cost = (f: Flavor) => nodesWith(f) * (f.monthlyEur ?? f.vcpus);
  const flavor =
    candidates.filter((f) => nodesWith(f) <= MAX_NODES_PER_POOL).sort((a, b) => cost(a) - cost(b) || nodesWith(a) - nodesWith(b))[0] ??
    candidates[candidates.length - 1];
  if (!flavor) {
    throw new SizingError(`cloud.flavors.${FIELD[need.role]}`, `no ${FAMILY[need.role]} flavor of ${env.cloud.provider} holds the largest ${need.role} pod`, 'name a flavor in cloud.flavors and declare it in cloud.customFlavors');
  }
  return { flavor, nodes: nodesWith(flavor) };
}

export function planNodePools(env: Environment, components: ComponentPlan[]): NodePoolPlan[] {
  const zones = env.cloud.availabilityZones;
  const byPool = (pool: ComponentPlan['pool']) => components.filter((c) => c.pool === pool);
  const largest = (cs: ComponentPlan[]) =>
    cs.reduce<Resources>((m, c) => ({ cpuMillicores: Math.max(m.cpuMillicores, c.requests.cpuMillicores), memoryMiB: Math.max(m.memoryMiB, c.requests.memoryMiB) }), { cpuMillicores: 0, memoryMiB: 0 });

  const needs: PoolNeed[] = [];
  if (env.cluster.mode !== 'existing') {
    // Three control-plane members keep etcd's quorum through the loss of one (etcd FAQ);
    // 2 vCPU / 4 GB is kubeadm's minimum, doubled for 9,000-user API traffic and etcd.
    const cp = env.users > 3000 ? { cpuMillicores: 3000, memoryMiB: 8192 } : { cpuMillicores: 1500, memoryMiB: 4096 };
    needs.push({ role: 'control-plane', total: cp, largest: cp, minimum: 3, onePerNode: 3, spareNodes: 0, publicIp: false, why: '3 members for the etcd quorum' });
  }
  for (const pool of ['general', 'media', 'database'] as const) {
    const cs = byPool(pool);
    if (cs.length === 0) continue;
    const bridges = cs.find((c) => c.name === 'jitsi-videobridge')?.replicas ?? 0;
    const members = Math.max(0, ...cs.filter((c) => c.kind === 'stateful').map((c) => c.replicas));
    needs.push({
      role: pool,
      total: sum(cs),
      largest: largest(cs),
      minimum: pool === 'media' ? 0 : Math.max(QUORUM_MEMBERS, members, zones.length),
      onePerNode: bridges,
      // The videobridge count already includes its spare bridge.
      spareNodes: pool === 'media' ? 0 : 1,
      publicIp: pool === 'media',
      why:
        pool === 'media'
          ? `one node per videobridge (${bridges}, host network); TURN shares them`
          : pool === 'database'
            ? 'requests / allocatable, +1 node to lose, at least one node per quorum member'
            : 'requests / allocatable, +1 node to lose, at least 3',
    });
  }

  return needs.map((need) => {
    const { flavor, nodes } = choose(env, need);
    // Control plane and databases spread one member per zone: round up to a multiple of the zones.
    const count = need.role === 'media' ? nodes : roundUpTo(nodes, zones.length);
    const { family: _family, bandwidthMbps: _bw, ...plain } = flavor as Flavor & { family?: string; bandwidthMbps?: number };
    return {
      role: need.role,
      flavor: plain,
      count,
      zones: spread(count, zones),
      publicIp: need.publicIp,
      requested: need.total,
      rationale: `${flavor.name} (${flavor.vcpus} vCPU, ${flavor.ramGb} GB); ${need.why}${zones.length > 1 ? `, spread over ${zones.length} zones` : ''}`,
    };
  });
}
