/**
 * Packing pods on nodes the way kube-scheduler places them, and the cheapest flavor and node count
 * of a pool that holds its pods under socle's placement rules. Pure functions over flavor tables.
 *
 * The scheduler port (kubernetes pkg/scheduler, default plugin set of
 * pkg/scheduler/apis/config/v1/default_plugins.go): a pod goes to a node that passes the filters —
 * NodeResourcesFit (its requests fit what the node has left) and PodTopologySpread with
 * `whenUnsatisfiable: DoNotSchedule` (the hostname spread of maxSkew 1 that socle gives quorum
 * members, videobridges and TURN: charts/workload.ts, charts/data/postgresql-cluster.ts) — and among
 * those to the best score: PodTopologySpread's soft constraints (zone for every pod, hostname for
 * stateless pods; weight 2, plugins/podtopologyspread/scoring.go), NodeResourcesFit's
 * LeastAllocated (weight 1, plugins/noderesources/least_allocated.go) and
 * NodeResourcesBalancedAllocation (weight 1, plugins/noderesources/balanced_allocation.go). The
 * scheduler breaks ties at random; the port takes the first node, so that plans are reproducible.
 */
import type { Flavor } from '../environments/environment.js';
import { allocatable } from './node-allocatable.js';
import type { Resources } from './sizing-plan.js';

export interface PodToPlace {
  /** The Deployment or StatefulSet it belongs to: spreading counts pods of the same set. */
  set: string;
  requests: Resources;
  /**
   * Hard hostname spread (quorum members, videobridges, TURN): never two of a set on one node.
   * Such a set carries its own spare — when a node is lost, the others serve — so its pods are
   * not moved on a node loss.
   */
  onePerNode: boolean;
  /**
   * Of lower priority than the services (the nightly backups' PriorityClass, charts
   * platform/priority-classes.ts): after a node loss the scheduler may evict it to place a
   * service, and it waits for room; never re-placed by the node-loss check.
   */
  preemptible: boolean;
}

export interface PlacedNode {
  /** `null` in a one-zone region. */
  zone: string | null;
  pods: PodToPlace[];
  used: Resources;
}

export interface PoolDemand {
  pods: readonly PodToPlace[];
  /** The pool's zones; empty for a one-zone region. */
  zones: readonly string[];
  /** Fewest nodes the pool may have. */
  minimum: number;
  /** The node count is a multiple of the zones (pools whose members go one per zone). */
  evenZones: boolean;
  /** The smallest machine the pool's nodes may be (the control plane's vendor minimum, a bridge's bandwidth). */
  machineMinimum?: { vcpus: number; ramGb: number; bandwidthMbps?: number };
  /** N+1: with any one node lost, its movable pods find room on the others. */
  survivesNodeLoss: boolean;
}

export interface PoolPacking<F extends Flavor = Flavor> {
  flavor: F;
  count: number;
  /** Requests one node of the flavor takes. */
  allocatable: Resources;
  nodes: PlacedNode[];
}

/** What packing reads of a flavor. */
type Sized = Pick<Flavor, 'vcpus' | 'ramGb'> & { bandwidthMbps?: number };

const MAX_NODE_SCORE = 100;
/** Default plugin weights (pkg/scheduler/apis/config/v1/default_plugins.go). */
const WEIGHT = { podTopologySpread: 2, leastAllocated: 1, balancedAllocation: 1 } as const;

const add = (a: Resources, b: Resources): Resources => ({ cpuMillicores: a.cpuMillicores + b.cpuMillicores, memoryMiB: a.memoryMiB + b.memoryMiB });
const fitsIn = (pod: Resources, free: Resources) => pod.cpuMillicores <= free.cpuMillicores && pod.memoryMiB <= free.memoryMiB;

export function totalRequests(pods: readonly PodToPlace[]): Resources {
  return pods.reduce<Resources>((acc, p) => add(acc, p.requests), { cpuMillicores: 0, memoryMiB: 0 });
}

/** Nodes of a pool in its zones, as `spread` lays them out (the first zones get the remainder). */
export function nodeZones(count: number, zones: readonly string[]): (string | null)[] {
  if (zones.length === 0) return Array.from({ length: count }, () => null);
  return Array.from({ length: count }, (_, i) => zones[i % zones.length]!);
}

/** Nodes being filled, with the counts the spread constraints read kept up to date. */
interface Schedule {
  nodes: PlacedNode[];
  /** Per node: pods of each set. */
  onNode: Map<string, number>[];
  /** Per set: pods in each zone. */
  inZone: Map<string, Map<string | null, number>>;
  zoneWeight: number;
  hostWeight: number;
}

function startSchedule(nodes: PlacedNode[]): Schedule {
  const state: Schedule = {
    nodes,
    onNode: nodes.map(() => new Map()),
    inZone: new Map(),
    // Each soft constraint weighs log(domains + 2) (podtopologyspread/scoring.go).
    zoneWeight: Math.log(new Set(nodes.map((n) => n.zone)).size + 2),
    hostWeight: Math.log(nodes.length + 2),
  };
  nodes.forEach((n, i) => n.pods.forEach((p) => count(state, i, p.set)));
  return state;
}

function count(state: Schedule, i: number, set: string): void {
  const here = state.onNode[i]!;
  here.set(set, (here.get(set) ?? 0) + 1);
  const zones = state.inZone.get(set) ?? new Map<string | null, number>();
  const zone = state.nodes[i]!.zone;
  zones.set(zone, (zones.get(zone) ?? 0) + 1);
  state.inZone.set(set, zones);
}

function uncount(state: Schedule, i: number, set: string): void {
  const here = state.onNode[i]!;
  here.set(set, here.get(set)! - 1);
  const zones = state.inZone.get(set)!;
  const zone = state.nodes[i]!.zone;
  zones.set(zone, zones.get(zone)! - 1);
}

/** The index of the node the scheduler picks for `pod`, or -1 when no node passes the filters. */
function pickNode(pod: PodToPlace, state: Schedule, capacity: Resources): number {
  const { nodes, onNode } = state;
  let minHost = Infinity;
  for (const counts of onNode) minHost = Math.min(minHost, counts.get(pod.set) ?? 0);
  const feasible: number[] = [];
  const raw: number[] = [];
  const zones = state.inZone.get(pod.set);
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (pod.requests.cpuMillicores > capacity.cpuMillicores - n.used.cpuMillicores || pod.requests.memoryMiB > capacity.memoryMiB - n.used.memoryMiB) continue;
    const host = onNode[i]!.get(pod.set) ?? 0;
    // DoNotSchedule, maxSkew 1: matching pods on the node after placing, less the global minimum.
    if (pod.onePerNode && host + 1 - minHost > 1) continue;
    feasible.push(i);
    // Soft spread: matching pods in the node's zone (and on the node, for a soft hostname spread).
    raw.push(state.zoneWeight * (zones?.get(n.zone) ?? 0) + (pod.onePerNode ? 0 : state.hostWeight * host));
  }
  if (feasible.length === 0) return -1;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of raw) {
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }

  let best = -1;
  let bestScore = -Infinity;
  feasible.forEach((i, k) => {
    const n = nodes[i]!;
    // Normalised so that the fewest matching pods score 100 (podtopologyspread/scoring.go).
    const spread = hi === 0 ? MAX_NODE_SCORE : (MAX_NODE_SCORE * (hi + lo - raw[k]!)) / hi;
    const cpu = (n.used.cpuMillicores + pod.requests.cpuMillicores) / capacity.cpuMillicores;
    const mem = (n.used.memoryMiB + pod.requests.memoryMiB) / capacity.memoryMiB;
    const leastAllocated = ((1 - cpu + (1 - mem)) / 2) * MAX_NODE_SCORE;
    const balanced = (1 - Math.abs(cpu - mem) / 2) * MAX_NODE_SCORE;
    const score = WEIGHT.podTopologySpread * spread + WEIGHT.leastAllocated * leastAllocated + WEIGHT.balancedAllocation * balanced;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/**
 * Where the scheduler's preemption puts a service pod that fits no node
 * (pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go `SelectVictimsOnNode`,
 * framework/preemption/preemption.go `pickOneNodeForPreemption`, v1.36): on each node it takes away
 * every lower-priority pod, keeps the pod only if it then fits, and gives back ("reprieves") as many
 * of them as still leave it room, in their start order; among the candidates it takes the one with
 * the fewest victims (all victims here share one priority and no PodDisruptionBudget covers them),
 * the first on a tie. The victims are evicted (mutating the state) and wait; -1 when even that
 * leaves no room. Only movable, multi-per-node pods are placed this way, so the resource fit is the
 * only filter the victims change.
 */
function preemptFor(pod: PodToPlace, state: Schedule, capacity: Resources): number {
  if (pod.preemptible) return -1;
  let best = -1;
  let bestVictims: PodToPlace[] = [];
  state.nodes.forEach((n, i) => {
    const lower = n.pods.filter((p) => p.preemptible);
    if (lower.length === 0) return;
    let free = lower.reduce<Resources>((f, p) => add(f, p.requests), { cpuMillicores: capacity.cpuMillicores - n.used.cpuMillicores, memoryMiB: capacity.memoryMiB - n.used.memoryMiB });
    if (!fitsIn(pod.requests, free)) return;
    const victims: PodToPlace[] = [];
    for (const p of lower) {
      const kept = { cpuMillicores: free.cpuMillicores - p.requests.cpuMillicores, memoryMiB: free.memoryMiB - p.requests.memoryMiB };
      if (fitsIn(pod.requests, kept)) free = kept;
      else victims.push(p);
    }
    if (best < 0 || victims.length < bestVictims.length) {
      best = i;
      bestVictims = victims;
    }
  });
  if (best < 0) return -1;
  const node = state.nodes[best]!;
  for (const v of bestVictims) {
    node.pods.splice(node.pods.indexOf(v), 1);
    node.used = { cpuMillicores: node.used.cpuMillicores - v.requests.cpuMillicores, memoryMiB: node.used.memoryMiB - v.requests.memoryMiB };
    uncount(state, best, v.set);
  }
  return best;
}

/**
 * Places `pods` in order (the nodes are mutated); false when one finds no node. With `preempt`, a
 * service pod that finds none evicts lower-priority pods as the scheduler would.
 */
function scheduleInto(state: Schedule, pods: readonly PodToPlace[], capacity: Resources, preempt = false): boolean {
  for (const pod of pods) {
    let i = pickNode(pod, state, capacity);
    if (i < 0 && preempt) i = preemptFor(pod, state, capacity);
    if (i < 0) return false;
    const node = state.nodes[i]!;
    node.pods.push(pod);
    node.used = add(node.used, pod.requests);
    count(state, i, pod.set);
  }
  return true;
}

/** The scheduler's placement of `pods`, in order, on nodes in `zones`; `undefined` when a pod stays pending. */
export function schedule(pods: readonly PodToPlace[], zones: readonly (string | null)[], capacity: Resources): PlacedNode[] | undefined {
  const nodes: PlacedNode[] = zones.map((zone) => ({ zone, pods: [], used: { cpuMillicores: 0, memoryMiB: 0 } }));
  return scheduleInto(startSchedule(nodes), pods, capacity) ? nodes : undefined;
}

const countOf = (node: PlacedNode, set: string) => node.pods.reduce((n, p) => n + (p.set === set ? 1 : 0), 0);

/** Each one-per-node set spreads over the zones within one member (the scheduler only prefers it). */
export function membersSpreadOverZones(nodes: readonly PlacedNode[], zones: readonly string[]): boolean {
  if (zones.length < 2) return true;
  const sets = new Set(nodes.flatMap((n) => n.pods.filter((p) => p.onePerNode).map((p) => p.set)));
  for (const set of sets) {
    const perZone = zones.map((z) => nodes.filter((n) => n.zone === z).reduce((acc, n) => acc + countOf(n, set), 0));
    if (Math.max(...perZone) - Math.min(...perZone) > 1) return false;
  }
  return true;
}

/**
 * With any one node lost, the scheduler finds room on the others for its movable service pods,
 * evicting preemptible ones where it must; the lost node's preemptible pods wait for room.
 */
export function survivesLossOfAnyNode(nodes: readonly PlacedNode[], capacity: Resources): boolean {
  return nodes.every((lost, k) => {
    const others = nodes.filter((_, i) => i !== k).map((n) => ({ ...n, pods: [...n.pods] }));
    return scheduleInto(startSchedule(others), lost.pods.filter((p) => !p.onePerNode && !p.preemptible), capacity, true);
  });
}

/** A flavor of unknown bandwidth (a custom one) is taken at its word. */
export function machineFits(flavor: Sized, minimum: PoolDemand['machineMinimum']): boolean {
  if (!minimum) return true;
  const bandwidth = flavor.bandwidthMbps === undefined || minimum.bandwidthMbps === undefined || flavor.bandwidthMbps >= minimum.bandwidthMbps;
  return flavor.vcpus >= minimum.vcpus && flavor.ramGb >= minimum.ramGb && bandwidth;
}

/** A flavor can hold the pool at all: its machine floor, and the largest pod fits one node. */
export function flavorHoldsEveryPod(demand: PoolDemand, flavor: Sized): boolean {
  const capacity = allocatable(flavor);
  return machineFits(flavor, demand.machineMinimum) && capacity.cpuMillicores > 0 && capacity.memoryMiB > 0 && demand.pods.every((p) => fitsIn(p.requests, capacity));
}

/**
 * Fewest nodes the rules allow, before any packing: minimum, one-per-node sets, total requests;
 * for a pool that must survive the loss of a node, the movable service pods on one node fewer (the
 * others still hold everything but the lost node's one-per-node pods and the preemptible ones).
 */
export function nodeLowerBound(demand: PoolDemand, flavor: Sized): number {
  const capacity = allocatable(flavor);
  const total = totalRequests(demand.pods);
  const movable = totalRequests(demand.pods.filter((p) => !p.onePerNode && !p.preemptible));
  const sets = new Map<string, number>();
  for (const p of demand.pods) if (p.onePerNode) sets.set(p.set, (sets.get(p.set) ?? 0) + 1);
  const afterLoss = demand.survivesNodeLoss
    ? [Math.ceil(movable.cpuMillicores / capacity.cpuMillicores) + 1, Math.ceil(movable.memoryMiB / capacity.memoryMiB) + 1]
    : [];
  const bound = Math.max(
    demand.minimum,
    1,
    ...sets.values(),
    Math.ceil(total.cpuMillicores / capacity.cpuMillicores),
    Math.ceil(total.memoryMiB / capacity.memoryMiB),
    ...afterLoss,
  );
  return roundForZones(bound, demand);
}

function roundForZones(count: number, demand: PoolDemand): number {
  const z = demand.zones.length;
  return demand.evenZones && z > 1 ? Math.ceil(count / z) * z : count;
}

/** Node counts tried past the lower bound before a flavor is given up (fragmentation never needs more). */
const EXTRA_NODES_TRIED = 12;

/**
 * The fewest nodes of `flavor` that hold the pool under every rule, with their placement; at most
 * `maxCount` nodes (a search that already has a cheaper pool asks no more).
 */
export function packPool<F extends Flavor>(demand: PoolDemand, flavor: F, maxCount = Infinity): PoolPacking<F> | undefined {
  if (!flavorHoldsEveryPod(demand, flavor)) return undefined;
  const capacity = allocatable(flavor);
  const step = demand.evenZones && demand.zones.length > 1 ? demand.zones.length : 1;
  const first = nodeLowerBound(demand, flavor);
  for (let count = first; count <= Math.min(first + EXTRA_NODES_TRIED, maxCount); count += step) {
    const nodes = schedule(demand.pods, nodeZones(count, demand.zones), capacity);
    if (!nodes || !membersSpreadOverZones(nodes, demand.zones)) continue;
    if (demand.survivesNodeLoss && !survivesLossOfAnyNode(nodes, capacity)) continue;
    return { flavor, count, allocatable: capacity, nodes };
  }
  return undefined;
}

const monthly = (f: Flavor) => f.monthlyEur ?? Number.POSITIVE_INFINITY;

/**
 * The cheapest pool (nodes × monthly list price) over `flavors`, fewer nodes on a tie, then the
 * flavor name; pools of at most `preferredMaxNodes` (or the rules' own minimum) first, the
 * cheapest of any size when none stays within it. `undefined` when no flavor holds every pod.
 */
export function cheapestPool<F extends Flavor>(demand: PoolDemand, flavors: readonly F[], preferredMaxNodes: number): PoolPacking<F> | undefined {
  const usable = flavors.filter((f) => flavorHoldsEveryPod(demand, f));
  // A lower bound of each flavor's cost prunes the flavors that can't beat the best found.
  const byBound = usable.map((f) => ({ f, bound: nodeLowerBound(demand, f) })).sort((a, b) => a.bound * monthly(a.f) - b.bound * monthly(b.f) || a.f.name.localeCompare(b.f.name));
  const better = (a: PoolPacking<F>, b: PoolPacking<F> | undefined) =>
    !b || a.count * monthly(a.flavor) < b.count * monthly(b.flavor) || (a.count * monthly(a.flavor) === b.count * monthly(b.flavor) && (a.count < b.count || (a.count === b.count && a.flavor.name < b.flavor.name)));
  let within: PoolPacking<F> | undefined;
  let any: PoolPacking<F> | undefined;
  for (const { f, bound } of byBound) {
    const floor = bound * monthly(f);
    const ceiling = within ? within.count * monthly(within.flavor) : Infinity;
    if (floor > ceiling) break;
    // Counts that would cost more than the best pool found are not worth placing.
    const packed = packPool(demand, f, Number.isFinite(ceiling) ? Math.floor(ceiling / monthly(f) + 1e-9) : Infinity);
    if (!packed) continue;
    if (packed.count <= Math.max(preferredMaxNodes, bound)) {
      if (better(packed, within)) within = packed;
    } else if (better(packed, any)) any = packed;
  }
  return within ?? any;
}
