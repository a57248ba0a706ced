/**
 * From components to node pools: per role, the flavor and the node count, by placing the pods on
 * nodes as the scheduler will (sizing/packing.ts) under socle's rules — one member of each quorum
 * per node and per zone, one videobridge per node, room for a lost node's pods — and taking the
 * cheapest of every flavor the cloud offers.
 */
import { offeredFlavors, type OfferedFlavor } from '../environments/catalogue/flavors.js';
import type { Environment, Flavors } from '../environments/environment.js';
import { JITSI_EGRESS_MBPS_PER_PARTICIPANT, JITSI_INGRESS_MBPS_PER_PARTICIPANT, MAX_NODES_PER_POOL, QUORUM_MEMBERS } from './assumptions.js';
import { allocatable } from './node-allocatable.js';
import { podRequests } from './pod-requests.js';
import { cheapestPool, nodeZones, packPool, totalRequests, type PodToPlace, type PoolDemand, type PoolPacking } from './packing.js';
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


const FIELD: Record<PoolRole, keyof Flavors> = { 'control-plane': 'controlPlane', general: 'general', media: 'media', database: 'database' };

/**
 * What RKE2 runs on each server node as static pods, by its default requests: kube-apiserver
 * 250m/1024Mi, kube-scheduler 100m/128Mi, kube-controller-manager 200m/256Mi, etcd 200m/512Mi
 * (rancher/rke2 pkg/podtemplate/config.go @v1.36.3+rke2r1).
 */
const RKE2_SERVER: Resources = { cpuMillicores: 250 + 100 + 200 + 200, memoryMiB: 1024 + 128 + 256 + 512 };

/**
 * The pods RKE2 itself deploys beyond the per-node ones (its rke2-coredns chart): two CoreDNS
 * replicas of 100m / 128Mi (the CoreDNS chart's default, which RKE2's values patch keeps; required
 * hostname anti-affinity) and the proportional autoscaler's 25m / 16Mi (RKE2's patch), from
 * rancher/rke2-charts packages/rke2-coredns (charts/values.yaml, generated-changes/patch/values.yaml.patch).
 * The autoscaler keeps two replicas up to 32 nodes or 512 cores (16 nodes, 256 cores per replica,
 * no single point of failure). They may run on any untainted node: counted on the general pool.
 * Not counted: rke2-metrics-server (`resources: {}` in the chart version read, RKE2's 2023 patch) and
 * the snapshot controller (not read).
 */
export const RKE2_CLUSTER_ADDONS: readonly PodToPlace[] = [
  { set: 'rke2-coredns', requests: { cpuMillicores: 100, memoryMiB: 128 }, onePerNode: true, preemptible: false },
  { set: 'rke2-coredns', requests: { cpuMillicores: 100, memoryMiB: 128 }, onePerNode: true, preemptible: false },
  { set: 'rke2-coredns-autoscaler', requests: { cpuMillicores: 25, memoryMiB: 16 }, onePerNode: false, preemptible: false },
];

/**
 * RKE2's hardware minimum for a server, 2 CPU / 4 GB, and its recommendation, 4 CPU / 8 GB
 * (docs.rke2.io install/requirements, "Hardware"): the recommendation above 3,000 users, where API
 * traffic and etcd grow with the cluster.
 */
function serverMachine(users: number) {
  return users > 3000 ? { vcpus: 4, ramGb: 8 } : { vcpus: 2, ramGb: 4 };
}

/** One pod per replica, in the plan's order (the order the apps are applied in), with what the scheduler counts for it: its helpers too. */
export function podsOf(components: readonly ComponentPlan[]): PodToPlace[] {
  return components.flatMap((c) => {
    const requests = podRequests(c);
    return Array.from({ length: c.replicas }, () => ({ set: c.name, requests, onePerNode: c.spread === 'one-per-node', preemptible: c.preemptible === true }));
  });
}

interface PoolNeed {
  role: PoolRole;
  demand: PoolDemand;
  publicIp: boolean;
  /** Why the pool has at least this many nodes, for the rationale. */
  rules: string;
}

function needsOf(env: Environment, components: readonly ComponentPlan[]): PoolNeed[] {
  const zones = env.cloud.availabilityZones;
  const needs: PoolNeed[] = [];
  if (env.cluster.mode !== 'existing') {
    needs.push({
      role: 'control-plane',
      // Three members keep etcd's quorum through the loss of one (etcd FAQ): they are the spare.
      demand: {
        pods: Array.from({ length: QUORUM_MEMBERS }, () => ({ set: 'rke2-server', requests: RKE2_SERVER, onePerNode: true, preemptible: false })),
        zones,
        minimum: QUORUM_MEMBERS,
        evenZones: true,
        machineMinimum: serverMachine(env.users),
        survivesNodeLoss: false,
      },
      publicIp: false,
      rules: `3 etcd members, one per node; RKE2's ${serverMachine(env.users).vcpus} vCPU / ${serverMachine(env.users).ramGb} GB server minimum`,
    });
  }
  for (const pool of ['general', 'media', 'database'] as const) {
    const cs = components.filter((c) => c.pool === pool);
    if (cs.length === 0) continue;
    const bridges = cs.find((c) => c.name === 'jitsi-videobridge')?.replicas ?? 0;
    const demand: PoolDemand = {
      pods: [...podsOf(cs), ...(pool === 'general' && env.cluster.mode === 'instances' ? RKE2_CLUSTER_ADDONS : [])],
      zones,
      // Media nodes follow the bridges (their count carries the spare bridge).
      minimum: pool === 'media' ? 0 : Math.max(QUORUM_MEMBERS, zones.length),
      // Quorum members go one per zone, so the database pool has as many nodes in each.
      evenZones: pool === 'database',
      // N+1 for what can move: a lost node's movable pods (the general pool's services, the
      // database pool's Valkey proxies) find room on the others. A one-per-node pod carries its own
      // spare instead: a quorum member (the two others keep the majority: the third member is the
      // spare — a spare node could not take it anyway, its volume stays in its zone) or a bridge
      // (N+1 bridges).
      survivesNodeLoss: pool !== 'media',
      ...(pool === 'media' ? { machineMinimum: { vcpus: 1, ramGb: 1, bandwidthMbps: bridgeBandwidthMbps(env) } } : {}),
    };
    needs.push({
      role: pool,
      demand,
      publicIp: pool === 'media',
      rules:
        pool === 'media'
          ? `one videobridge per node (${bridges}, host network), TURN beside them; ${bridgeBandwidthMbps(env)} Mbit/s per bridge`
          : pool === 'database'
            ? "one member of each data store per node and per zone; the third member is the spare (a quorum keeps its majority through a lost node, whose member's volume can't leave its zone); the Valkey proxies find room on the others"
            : `at least ${demand.minimum} nodes; the pods of any lost node find room on the others (N+1)`,
    });
  }
  return needs;
}

/** A full bridge's traffic: its participants' egress plus about 1 Mbit/s each of ingress (sizing D.1 A7). */
function bridgeBandwidthMbps(env: Environment): number {
  return Math.ceil(env.sizing.participantsPerBridge * (JITSI_EGRESS_MBPS_PER_PARTICIPANT + JITSI_INGRESS_MBPS_PER_PARTICIPANT));
}

function findFlavor(env: Environment, name: string): OfferedFlavor | undefined {
  return env.cloud.customFlavors.find((f) => f.name === name) ?? offeredFlavors(env.cloud.provider, env.cloud.region).find((f) => f.name === name);
}

function choose(env: Environment, need: PoolNeed): PoolPacking<OfferedFlavor> {
  const field = `cloud.flavors.${FIELD[need.role]}`;
  const override = env.cloud.flavors[FIELD[need.role]];
  const largest = need.demand.pods.reduce<Resources>((m, p) => ({ cpuMillicores: Math.max(m.cpuMillicores, p.requests.cpuMillicores), memoryMiB: Math.max(m.memoryMiB, p.requests.memoryMiB) }), { cpuMillicores: 0, memoryMiB: 0 });
  const words = `${largest.cpuMillicores / 1000} vCPU, ${Math.ceil(largest.memoryMiB / 1024)} GiB`;
  if (override) {
    const flavor = findFlavor(env, override)!;
    const packed = packPool(need.demand, flavor);
    if (!packed) {
      const a = allocatable(flavor);
      throw new SizingError(
        field,
        `flavor ${flavor.name} (${flavor.vcpus} vCPU, ${flavor.ramGb} GB) can't hold the largest ${need.role} pod (${words}) within what it leaves to pods (${Math.max(0, a.cpuMillicores) / 1000} vCPU, ${(Math.max(0, a.memoryMiB) / 1024).toFixed(1)} GiB)${need.demand.machineMinimum ? `, or is below the ${need.role} minimum (${need.demand.machineMinimum.vcpus} vCPU, ${need.demand.machineMinimum.ramGb} GB)` : ''}`,
        'choose a larger flavor, or remove the override and let the plan pick',
      );
    }
    return packed;
  }
  // Every family the cloud offers, and the environment's own priced flavors.
  const offered = [...offeredFlavors(env.cloud.provider, env.cloud.region), ...env.cloud.customFlavors.filter((f) => f.monthlyEur !== undefined)];
  const packed = cheapestPool(need.demand, offered, MAX_NODES_PER_POOL);
  if (!packed) {
    throw new SizingError(field, `no flavor of ${env.cloud.provider} ${env.cloud.region} holds the largest ${need.role} pod (${words})`, 'name a flavor in cloud.flavors and declare it in cloud.customFlavors');
  }
  return packed;
}

export function spread(count: number, zones: readonly string[]): ZoneCount[] {
  if (zones.length === 0) return [{ zone: null, count }];
  return zones.map((zone) => ({ zone, count: nodeZones(count, zones).filter((z) => z === zone).length }));
}

const share = (used: number, of: number) => Math.round((used / of) * 100) / 100;

export function planNodePools(env: Environment, components: ComponentPlan[]): NodePoolPlan[] {
  const zones = env.cloud.availabilityZones;
  return needsOf(env, components).map((need) => {
    const packed = choose(env, need);
    const { flavor, count } = packed;
    const pinned = env.cloud.flavors[FIELD[need.role]] !== undefined;
    const requested = totalRequests(need.demand.pods);
    const utilisation = {
      cpu: share(requested.cpuMillicores, count * packed.allocatable.cpuMillicores),
      memory: share(requested.memoryMiB, count * packed.allocatable.memoryMiB),
    };
    const binding = utilisation.cpu >= utilisation.memory ? 'cpu' : 'memory';
    const use = `${Math.round(utilisation.cpu * 100)} % CPU, ${Math.round(utilisation.memory * 100)} % memory of what the nodes leave to pods`;
    // The plan's flavor is its size and price; the catalogue's family, bandwidth and sources stay there.
    const plain = { name: flavor.name, vcpus: flavor.vcpus, ramGb: flavor.ramGb, ...(flavor.monthlyEur !== undefined ? { monthlyEur: flavor.monthlyEur } : {}) };
    return {
      role: need.role,
      flavor: plain,
      count,
      zones: spread(count, zones),
      publicIp: need.publicIp,
      requested,
      allocatablePerNode: packed.allocatable,
      freePerNode: packed.nodes.map((n) => ({ cpuMillicores: packed.allocatable.cpuMillicores - n.used.cpuMillicores, memoryMiB: packed.allocatable.memoryMiB - n.used.memoryMiB })),
      utilisation: { ...utilisation, binding },
      rationale:
        `${flavor.name} (${flavor.vcpus} vCPU, ${flavor.ramGb} GB): ${pinned ? `pinned by cloud.flavors.${FIELD[need.role]}, as few nodes as hold` : "the cheapest pool of the cloud's flavors that holds"} the pods as the scheduler places them; ` +
        `${need.rules}${zones.length > 1 ? `; spread over ${zones.length} zones` : ''}; ${use}` +
        (utilisation[binding] < 0.5 ? ` — under half: ${pinned ? 'the pinned flavor and ' : ''}the rules above set the count and the smallest machine, not the load` : ''),
    };
  });
}
