/**
 * Packing: the node reserve at its tier boundaries, the scheduler port's filters and spreading,
 * and — over seeded random pools — that every placement keeps the rules and that the chosen pool
 * is the cheapest any flavor and node count allows (checked against an exhaustive search).
 */
import { describe, expect, it } from 'vitest';
import type { Flavor } from '../../environments/environment.js';
import { allocatable, EVICTION_HARD_MIB, NODE_DAEMONS, kubeReserved } from '../../sizing/node-allocatable.js';
import {
  cheapestPool,
  membersSpreadOverZones,
  nodeZones,
  packPool,
  schedule,
  survivesLossOfAnyNode,
  totalRequests,
  type PlacedNode,
  type PodToPlace,
  type PoolDemand,
} from '../../sizing/packing.js';
import type { Resources } from '../../sizing/sizing-plan.js';

const pod = (set: string, cpuMillicores: number, memoryMiB: number, onePerNode = false, preemptible = false): PodToPlace => ({ set, requests: { cpuMillicores, memoryMiB }, onePerNode, preemptible });

describe('what a node leaves to pods', () => {
  // GKE's tiers (plan-node-sizes): memory 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the
  // next 8, 6 % of the next 112, 2 % above; CPU 6 % / 1 % / 0.5 % × 2 / 0.25 % above 4 cores.
  it.each([
    [1, 4, 60, 1024],
    [2, 8, 70, 1844],
    [4, 16, 80, 2663],
    [8, 64, 90, 5612],
    [16, 128, 110, 9544],
    [16, 256, 110, 12166],
  ])('%i vCPU / %i GiB reserves %i m and %i MiB', (vcpus, ramGb, cpu, mem) => {
    expect(kubeReserved({ vcpus, ramGb })).toEqual({ cpuMillicores: cpu, memoryMiB: mem });
  });

  it('takes the reserve, the eviction threshold and the per-node pods off the flavor', () => {
    const f = { vcpus: 8, ramGb: 32 };
    const r = kubeReserved(f);
    expect(allocatable(f)).toEqual({
      cpuMillicores: 8000 - r.cpuMillicores - NODE_DAEMONS.cpuMillicores,
      memoryMiB: 32 * 1024 - r.memoryMiB - EVICTION_HARD_MIB - NODE_DAEMONS.memoryMiB,
    });
  });
});

describe('the scheduler port', () => {
  const capacity: Resources = { cpuMillicores: 1000, memoryMiB: 1000 };

  it('places a pod that exactly fills a node, and leaves one a millicore larger pending', () => {
    expect(schedule([pod('a', 1000, 1000)], [null], capacity)).toBeDefined();
    expect(schedule([pod('a', 1001, 1000)], [null], capacity)).toBeUndefined();
    expect(schedule([pod('a', 1000, 1001)], [null], capacity)).toBeUndefined();
  });

  it('keeps members of a set within one of each other per node (maxSkew 1, DoNotSchedule), even with room', () => {
    // Two members on three nodes: one each, never both on one.
    const nodes = schedule([pod('db', 100, 100, true), pod('db', 100, 100, true)], [null, null, null], capacity)!;
    expect(nodes.map((n) => n.pods.length).sort()).toEqual([0, 1, 1]);
    // Once every node has one, maxSkew 1 lets a second on: why the plan never has fewer nodes than members.
    expect(schedule([pod('db', 100, 100, true), pod('db', 100, 100, true)], [null], capacity)!.map((n) => n.pods.length)).toEqual([2]);
    expect(packPool({ pods: [pod('db', 100, 100, true), pod('db', 100, 100, true), pod('db', 100, 100, true)], zones: [], minimum: 1, evenZones: false, survivesNodeLoss: false }, { name: 'x', vcpus: 4, ramGb: 16 })!.count).toBe(3);
  });

  it('spreads replicas of a stateless set over nodes and zones when it can (soft spread)', () => {
    const nodes = schedule([pod('web', 100, 100), pod('web', 100, 100), pod('web', 100, 100)], nodeZones(3, ['a', 'b', 'c']), capacity)!;
    expect(nodes.map((n) => n.pods.length)).toEqual([1, 1, 1]);
    expect(nodes.map((n) => n.zone)).toEqual(['a', 'b', 'c']);
  });

  it('stacks stateless replicas on one node when the others are full (the spread is soft)', () => {
    const nodes = schedule([pod('big', 1000, 1000), pod('web', 100, 100), pod('web', 100, 100)], [null, null], capacity)!;
    expect(nodes[1]!.pods.map((p) => p.set)).toEqual(['web', 'web']);
  });

  it('refuses a placement that leaves a zone without a member of a quorum', () => {
    const nodes: PlacedNode[] = [
      { zone: 'a', pods: [pod('db', 1, 1, true)], used: { cpuMillicores: 1, memoryMiB: 1 } },
      { zone: 'a', pods: [pod('db', 1, 1, true)], used: { cpuMillicores: 1, memoryMiB: 1 } },
      { zone: 'b', pods: [pod('db', 1, 1, true)], used: { cpuMillicores: 1, memoryMiB: 1 } },
      { zone: 'c', pods: [], used: { cpuMillicores: 0, memoryMiB: 0 } },
    ];
    expect(membersSpreadOverZones(nodes, ['a', 'b', 'c'])).toBe(false);
  });

  it('finds a lost node too big to re-place: two half-full nodes have no room for a 600m pod', () => {
    const nodes = schedule([pod('x', 600, 100), pod('y', 600, 100)], [null, null], capacity)!;
    expect(survivesLossOfAnyNode(nodes, capacity)).toBe(false);
    const three = schedule([pod('x', 600, 100), pod('y', 300, 100)], [null, null, null], capacity)!;
    expect(survivesLossOfAnyNode(three, capacity)).toBe(true);
  });

  const placed = (pods: PodToPlace[]): PlacedNode => ({ zone: null, pods, used: totalRequests(pods) });

  it('re-places a lost service by preempting a backup, and never preempts a service for one', () => {
    // Losing the first node: 600m needs the second node's 400m free plus its backup's 300m.
    expect(survivesLossOfAnyNode([placed([pod('svc', 600, 100)]), placed([pod('web', 300, 100), pod('backup', 300, 100, false, true)])], capacity)).toBe(true);
    expect(survivesLossOfAnyNode([placed([pod('svc', 600, 100)]), placed([pod('web', 300, 100), pod('api', 300, 100)])], capacity)).toBe(false);
  });

  it("lets a lost node's backups wait instead of re-placing them", () => {
    // The backup would need 300m where 100m are left: it waits, the service moves.
    const nodes = [placed([pod('svc', 600, 100), pod('backup', 300, 100, false, true)]), placed([pod('web', 300, 100)])];
    expect(survivesLossOfAnyNode(nodes, capacity)).toBe(true);
    expect(nodes[0]!.pods).toHaveLength(2);
    expect(nodes[1]!.used).toEqual({ cpuMillicores: 300, memoryMiB: 100 });
  });

  it('preempts only where evicting backups makes enough room', () => {
    // Node 2 has 100m free: evicting both 200m backups gives 500m, enough; one backup alone is not.
    const nodes = [placed([pod('svc', 500, 100)]), placed([pod('web', 500, 100), pod('backup', 200, 100, false, true), pod('backup', 200, 100, false, true)])];
    expect(survivesLossOfAnyNode(nodes, capacity)).toBe(true);
    expect(survivesLossOfAnyNode([placed([pod('svc', 800, 100)]), placed([pod('web', 500, 100), pod('backup', 200, 100, false, true)])], capacity)).toBe(false);
  });
});

/** Seeded PRNG (mulberry32): the property cases are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FLAVORS: (Flavor & { bandwidthMbps: number })[] = [
  { name: 'g-2', vcpus: 2, ramGb: 8, monthlyEur: 37, bandwidthMbps: 500 },
  { name: 'g-4', vcpus: 4, ramGb: 16, monthlyEur: 74, bandwidthMbps: 1000 },
  { name: 'g-8', vcpus: 8, ramGb: 32, monthlyEur: 149, bandwidthMbps: 2000 },
  { name: 'c-4', vcpus: 4, ramGb: 8, monthlyEur: 66, bandwidthMbps: 500 },
  { name: 'c-8', vcpus: 8, ramGb: 16, monthlyEur: 133, bandwidthMbps: 1000 },
  { name: 'r-2', vcpus: 2, ramGb: 16, monthlyEur: 48, bandwidthMbps: 500 },
  { name: 'r-4', vcpus: 4, ramGb: 32, monthlyEur: 96, bandwidthMbps: 1000 },
];

function randomDemand(next: () => number): PoolDemand {
  const zones = [[], ['a', 'b'], ['a', 'b', 'c']][Math.floor(next() * 3)]!;
  const pods: PodToPlace[] = [];
  const sets = 1 + Math.floor(next() * 4);
  for (let s = 0; s < sets; s++) {
    const onePerNode = next() < 0.4;
    const replicas = onePerNode ? 3 : 1 + Math.floor(next() * 4);
    const cpu = 100 + Math.floor(next() * 30) * 100;
    const mem = 256 + Math.floor(next() * 24) * 512;
    for (let r = 0; r < replicas; r++) pods.push(pod(`set-${s}`, cpu, mem, onePerNode));
  }
  const evenZones = next() < 0.3;
  return { pods, zones, minimum: 1 + Math.floor(next() * 3), evenZones, survivesNodeLoss: !evenZones && next() < 0.6 };
}

/** The rules, checked without the code under test's helpers. */
function ruleBreaks(demand: PoolDemand, flavor: Flavor, nodes: readonly PlacedNode[]): string[] {
  const found: string[] = [];
  const capacity = allocatable(flavor);
  const placed = nodes.flatMap((n) => n.pods);
  if (placed.length !== demand.pods.length) found.push(`${placed.length} of ${demand.pods.length} pods placed`);
  nodes.forEach((n, i) => {
    const cpu = n.pods.reduce((a, p) => a + p.requests.cpuMillicores, 0);
    const mem = n.pods.reduce((a, p) => a + p.requests.memoryMiB, 0);
    if (cpu > capacity.cpuMillicores || mem > capacity.memoryMiB) found.push(`node ${i} over its allocatable`);
    const members = n.pods.filter((p) => p.onePerNode).map((p) => p.set);
    if (new Set(members).size !== members.length) found.push(`node ${i} holds two members of a set`);
  });
  if (nodes.length < demand.minimum) found.push(`${nodes.length} nodes, fewer than ${demand.minimum}`);
  if (demand.evenZones && demand.zones.length > 1 && nodes.length % demand.zones.length !== 0) found.push('zones unevenly populated');
  if (demand.zones.length > 1) {
    for (const set of new Set(demand.pods.filter((p) => p.onePerNode).map((p) => p.set))) {
      const perZone = demand.zones.map((z) => nodes.filter((n) => n.zone === z).flatMap((n) => n.pods).filter((p) => p.set === set).length);
      if (Math.max(...perZone) - Math.min(...perZone) > 1) found.push(`${set} uneven over zones: ${perZone.join('/')}`);
    }
  }
  if (demand.survivesNodeLoss) {
    nodes.forEach((lost, k) => {
      const free = nodes.filter((_, j) => j !== k).map((n) => ({ cpu: capacity.cpuMillicores - n.used.cpuMillicores, mem: capacity.memoryMiB - n.used.memoryMiB }));
      if (!assignable(lost.pods.filter((x) => !x.onePerNode), free)) found.push(`losing node ${k} strands some of its pods`);
    });
  }
  return found;
}

/** Exhaustive: some assignment of `pods` into the free room exists (backtracking; small cases only). */
function assignable(pods: readonly PodToPlace[], free: { cpu: number; mem: number }[]): boolean {
  if (pods.length === 0) return true;
  const [p, ...rest] = pods;
  return free.some((f, i) => {
    if (f.cpu < p!.requests.cpuMillicores || f.mem < p!.requests.memoryMiB) return false;
    const after = free.map((g, j) => (j === i ? { cpu: g.cpu - p!.requests.cpuMillicores, mem: g.mem - p!.requests.memoryMiB } : g));
    return assignable(rest, after);
  });
}

describe('pool packing, over 150 seeded random pools', () => {
  const next = random(20261202);
  const cases = Array.from({ length: 150 }, () => randomDemand(next));

  it('keeps every rule in every placement it returns', () => {
    let packed = 0;
    for (const demand of cases) {
      for (const flavor of FLAVORS) {
        const result = packPool(demand, flavor);
        if (!result) continue;
        packed++;
        expect(result.count).toBe(result.nodes.length);
        expect(ruleBreaks(demand, flavor, result.nodes), `${flavor.name} ${JSON.stringify(demand)}`).toEqual([]);
      }
    }
    expect(packed).toBeGreaterThan(300);
  });

  it('chooses the cheapest flavor and count: no cheaper one schedules under the rules (exhaustive)', () => {
    for (const demand of cases) {
      const best = cheapestPool(demand, FLAVORS, 1000);
      const alternatives = FLAVORS.flatMap((flavor) =>
        Array.from({ length: 24 }, (_, i) => i + 1).flatMap((count) => {
          // socle's rule, stricter than the scheduler's maxSkew 1 (which lets a second member onto
          // a node once every node has one): no two members of a set on a node.
          const members = Math.max(0, ...[...new Set(demand.pods.filter((p) => p.onePerNode).map((p) => p.set))].map((s) => demand.pods.filter((p) => p.set === s).length));
          if (count < demand.minimum || count < members || (demand.evenZones && demand.zones.length > 1 && count % demand.zones.length !== 0)) return [];
          if (!demand.pods.every((p) => p.requests.cpuMillicores <= allocatable(flavor).cpuMillicores && p.requests.memoryMiB <= allocatable(flavor).memoryMiB)) return [];
          const nodes = schedule(demand.pods, nodeZones(count, demand.zones), allocatable(flavor));
          if (!nodes || !membersSpreadOverZones(nodes, demand.zones)) return [];
          if (demand.survivesNodeLoss && !survivesLossOfAnyNode(nodes, allocatable(flavor))) return [];
          return [count * flavor.monthlyEur!];
        }),
      );
      if (alternatives.length === 0) {
        expect(best, JSON.stringify(demand)).toBeUndefined();
        continue;
      }
      expect(best!.count * best!.flavor.monthlyEur!, JSON.stringify(demand)).toBe(Math.min(...alternatives));
    }
  });

  it('keeps a flavor below the machine minimum out, and one whose bandwidth is too low', () => {
    const demand: PoolDemand = { pods: [pod('jvb', 500, 512, true)], zones: [], minimum: 1, evenZones: false, survivesNodeLoss: false, machineMinimum: { vcpus: 4, ramGb: 8, bandwidthMbps: 800 } };
    expect(cheapestPool(demand, FLAVORS, 15)!.flavor.name).toBe('g-4');
  });
});
