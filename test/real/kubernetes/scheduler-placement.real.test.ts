/**
 * The sizing plan's claim, checked by the real kube-scheduler: the Pods of each `instances`
 * example fit the general and media nodes the plan buys, the way the scheduler places them, and
 * survive the loss of any one node (sizing/packing.ts, sizing/node-pools.ts — socle's port of the
 * scheduler, which picks the first of equal nodes where the scheduler picks one at random).
 *
 * Per example: etcd, kube-apiserver and kube-scheduler (control-plane.ts); one Node per planned
 * node of the general and media pools, with the labels, taints and allocatable an RKE2 node gets
 * (planned-nodes.ts) and its daemons' requests bound to it; the manifests' Namespaces,
 * PriorityClasses and StorageClasses; then the Pods (placed-pods.ts) created directly — no
 * controller, no kubelet — so that binding is the only thing that happens.
 *
 * Node loss, for each node in turn: cordon it, delete its Pods, create again those their
 * controller would move (not the one-per-node ones: quorum members, bridges, TURN, CoreDNS carry
 * their own spare), and wait for the scheduler to bind them elsewhere; then put the first
 * placement back (the lost Pods bound to their node again) before the next node. The backups run
 * at a PriorityClass below the services' (charts/platform/priority-classes.ts): the scheduler may
 * preempt one to place a service, and a backup may wait for room; a service never stays Pending.
 *
 * Out of scope: the database pool's Pods and what the operators create (CloudNativePG instances),
 * one-off Jobs, and the volumes' zones (the one StatefulSet with claims on these pools, NATS, is
 * one-per-node: never moved; its claims are bound to volumes with no topology, as after the
 * first-consumer provisioning of its StorageClass).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeZones, schedule, totalRequests } from '../../../sizing/packing.js';
import { podsOf, RKE2_CLUSTER_ADDONS } from '../../../sizing/node-pools.js';
import type { PoolRole, Resources } from '../../../sizing/sizing-plan.js';
import { EXAMPLE_NAMES } from '../../charts/examples.js';
import { builtTool, describeProgram, type ProgramAvailability } from '../harness/program-suite.js';
import { ControlPlane } from './control-plane.js';
import { describeStatus, type KubeClient, type KubeObjectRef } from './kube-client.js';
import { podsToPlace, type PodSet } from './placed-pods.js';
import { createPlannedNodes, PLACED_POOLS, plannedNodes, setUnschedulable, type PlannedNode } from './planned-nodes.js';
import { createPod, forceDelete, nodeUsage, podKey, waitForBinding, type NodeUsage } from './pod-binding.js';
import { synthesizedExample, type SynthesizedExample } from './synthesized-manifests.js';

const etcd = builtTool('etcd');
const apiserver = builtTool('kube-apiserver');
const scheduler = builtTool('kube-scheduler');

function schedulerAvailability(): ProgramAvailability {
  const missing = Object.entries({ etcd, 'kube-apiserver': apiserver }).filter(([, t]) => t.missing || !t.path).map(([k, t]) => `${k} (${t.missing ?? 'no path reported'})`);
  return missing.length ? { missing: `needs ${missing.join('; ')}` } : scheduler;
}

/** The first placement of every Pod, and each node loss's re-placement (2 cores, other suites beside). */
const PLACEMENT_TIMEOUT_MS = 120_000;
const RE_PLACEMENT_TIMEOUT_MS = 60_000;

type Json = Record<string, any>;

/** One Pod as first placed: where, and what made it. */
interface Placed {
  readonly key: string;
  readonly set: PodSet;
  readonly index: number;
  readonly node: string;
}

interface LossResult {
  readonly node: string;
  readonly moved: number;
  readonly seconds: number;
  /** Pods left without a node, and whether their PriorityClass lets them wait (a backup does, a service never). */
  readonly pending: { pod: string; message: string; allowed: boolean }[];
  /** Pods the scheduler deleted to make room, and whether their PriorityClass lets it. */
  readonly preempted: { pod: string; allowed: boolean }[];
  /** Nodes whose bound Pods ask more than their allocatable (the scheduler never does that). */
  readonly overcommitted: string[];
  /** Nodes' free requests when a Pod stayed Pending. */
  readonly free?: { node: string; free: Resources }[];
}

interface PlacementState {
  nodes: PlannedNode[];
  sets: PodSet[];
  placed: Placed[];
  pending: { pod: string; message: string }[];
  usage: NodeUsage[];
  losses: LossResult[];
  /** PriorityClasses of the manifests whose value is below the default 0: their Pods may be preempted. */
  preemptible: Set<string>;
  setupError?: string;
}

const forPool = (s: PlacementState, pool: PoolRole) => s.nodes.filter((n) => n.pool.role === pool);
const sum = (rs: Resources[]) => rs.reduce<Resources>((a, b) => ({ cpuMillicores: a.cpuMillicores + b.cpuMillicores, memoryMiB: a.memoryMiB + b.memoryMiB }), { cpuMillicores: 0, memoryMiB: 0 });

async function mustApply(client: KubeClient, objects: Json[]): Promise<void> {
  for (const o of objects) {
    const res = await client.apply(o as KubeObjectRef);
    if (res.status !== 200 && res.status !== 201) throw new Error(`applying ${o.kind} ${o.metadata.name}: ${res.status} ${describeStatus(res.body)}`);
  }
}

/** Namespaces, PriorityClasses and StorageClasses of the manifests; a `default` ServiceAccount in each Pod's namespace (no controller manager makes it). */
async function prepareCluster(client: KubeClient, example: SynthesizedExample, sets: PodSet[]): Promise<void> {
  const objects = example.files.flatMap((f) => f.objects) as Json[];
  await mustApply(client, objects.filter((o) => ['Namespace', 'PriorityClass', 'StorageClass'].includes(o.kind)));
  const namespaces = new Set(sets.map((s) => s.namespace));
  await mustApply(client, [...namespaces].filter((ns) => !objects.some((o) => o.kind === 'Namespace' && o.metadata.name === ns)).map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })));
  await mustApply(client, ['kube-system', ...namespaces].map((namespace) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } })));
}

/** A claim bound to a volume made for it, with no topology: what first-consumer provisioning leaves the scheduler to check. */
async function bindClaims(client: KubeClient, claims: Json[]): Promise<void> {
  for (const c of claims) {
    const volume = `pv-${c.metadata.namespace}-${c.metadata.name}`;
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: volume, annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' } },
      spec: {
        capacity: { storage: c.spec.resources.requests.storage },
        accessModes: c.spec.accessModes,
        storageClassName: c.spec.storageClassName,
        persistentVolumeReclaimPolicy: 'Retain',
        csi: { driver: 'cinder.csi.openstack.org', volumeHandle: volume },
        claimRef: { namespace: c.metadata.namespace, name: c.metadata.name },
      },
    };
    // A finished binding, as the scheduler's volume binder reads it: a volumeName and the PV controller's
    // bind-completed annotation (k8s.io/kubernetes v1.36 pkg/scheduler/framework/plugins/volumebinding/binder.go isPVCFullyBound).
    const pvc = { ...c, metadata: { ...c.metadata, annotations: { 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' } }, spec: { ...c.spec, volumeName: volume } };
    await mustApply(client, [pv, pvc]);
  }
}

/** The Pods of the sets, first time: created in the manifests' order, unbound. */
async function createAll(client: KubeClient, sets: PodSet[]): Promise<{ key: string; set: PodSet; index: number }[]> {
  const created: { key: string; set: PodSet; index: number }[] = [];
  for (const set of sets) {
    for (let index = 0; index < set.replicas; index++) {
      const pod = set.pod(index);
      await bindClaims(client, set.claims(pod.metadata.name));
      await createPod(client, pod);
      created.push({ key: podKey(pod), set, index });
    }
  }
  return created;
}

/** Loses `node`: cordon, delete its Pods, create the movable ones again, wait; then puts the first placement back. */
async function loseNode(client: KubeClient, state: PlacementState, node: string, nextIndex: Map<PodSet, number>): Promise<LossResult> {
  const started = Date.now();
  await setUnschedulable(client, node, true);
  const lost = state.placed.filter((p) => p.node === node);
  for (const p of lost) await forceDelete(client, p.key);
  const replacing = lost
    .filter((p) => !p.set.onePerNode)
    .map((p) => {
      // A StatefulSet makes the same ordinal again; a ReplicaSet or a Job a new name.
      const index = p.set.ordinal ? p.index : (nextIndex.get(p.set) ?? p.set.replicas);
      if (!p.set.ordinal) nextIndex.set(p.set, index + 1);
      return { pod: p.set.pod(index), set: p.set };
    });
  const replacements = replacing.map((r) => r.pod);
  for (const pod of replacements) await createPod(client, pod);
  const binding = await waitForBinding(client, replacements.map(podKey), RE_PLACEMENT_TIMEOUT_MS);
  // Whatever else the scheduler deleted to make room (Pods of the first placement on other nodes).
  const present = new Set((await client.get<{ items: Json[] }>('/api/v1/pods')).items.map(podKey));
  const victims = [...binding.preempted, ...state.placed.filter((p) => p.node !== node && !present.has(p.key)).map((p) => p.key)];
  const origin = new Map<string, PodSet>([...state.placed.map((p) => [p.key, p.set] as const), ...replacing.map((r) => [podKey(r.pod), r.set] as const)]);
  const preemptible = (pod: string) => state.preemptible.has(origin.get(pod)?.priorityClassName ?? '');
  const usage = await nodeUsage(client, state.nodes.filter((n) => n.name !== node).map((n) => n.name));
  const free = binding.pending.length ? usage.map((u) => ({ node: u.node, free: u.free })) : undefined;
  const result: LossResult = {
    node,
    moved: replacements.length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    pending: binding.pending.map((p) => ({ ...p, allowed: preemptible(p.pod) })),
    preempted: victims.map((pod) => ({ pod, allowed: preemptible(pod) })),
    overcommitted: usage.filter((u) => u.free.cpuMillicores < 0 || u.free.memoryMiB < 0).map((u) => u.node),
    ...(free ? { free } : {}),
  };
  // Back to the first placement: the replacements go, the lost (and preempted) Pods come back bound where they were.
  for (const pod of replacements) await forceDelete(client, podKey(pod));
  await setUnschedulable(client, node, false);
  const after = new Set((await client.get<{ items: Json[] }>('/api/v1/pods')).items.map(podKey));
  for (const p of state.placed.filter((x) => !after.has(x.key))) {
    const pod = p.set.pod(p.index);
    await createPod(client, { ...pod, spec: { ...pod.spec, nodeName: p.node } });
  }
  return result;
}

/** What socle's port places on the pool: the plan's Pods (sizing/node-pools.ts podsOf, RKE2's add-ons on the general pool) on its nodes. */
function portOfPool(example: SynthesizedExample, pool: PoolRole) {
  const planned = example.plan.nodePools.find((p) => p.role === pool)!;
  const pods = [...podsOf(example.plan.components.filter((c) => c.pool === pool)), ...(pool === 'general' ? RKE2_CLUSTER_ADDONS : [])];
  const nodes = schedule(pods, nodeZones(planned.count, example.env.cloud.availabilityZones), planned.allocatablePerNode);
  return { total: totalRequests(pods), perNode: nodes?.map((n) => n.used) };
}

const apiAvailability = schedulerAvailability();

describeProgram('kube-scheduler', apiAvailability, () => {
  for (const name of EXAMPLE_NAMES) {
    const example = synthesizedExample(name);
    if (example.env.cluster.mode !== 'instances') continue;
    describe(name, () => {
      let plane: ControlPlane | undefined;
      const state: PlacementState = { nodes: [], sets: [], placed: [], pending: [], usage: [], losses: [], preemptible: new Set() };
      const record = () => {
        const out = join(process.cwd(), 'test-results', 'scheduler-placement');
        mkdirSync(out, { recursive: true });
        const port = Object.fromEntries(PLACED_POOLS.map((pool) => [pool, portOfPool(example, pool)]));
        writeFileSync(join(out, `${name}.json`), `${JSON.stringify({ example: name, nodes: state.usage, port, pending: state.pending, losses: state.losses }, null, 2)}\n`);
      };

      beforeEach(() => {
        expect(state.setupError, 'the control plane setup failed').toBeUndefined();
      });

      beforeAll(async () => {
        try {
          plane = await ControlPlane.start({ etcd: etcd.path!, apiserver: apiserver.path!, scheduler: scheduler.path! });
        } catch (error) {
          state.setupError = (error as Error).message;
          return;
        }
        const client = plane.client;
        try {
          state.sets = podsToPlace(example);
          state.nodes = plannedNodes(example.env, example.plan);
          const objects = example.files.flatMap((f) => f.objects) as Json[];
          for (const pc of objects.filter((o) => o.kind === 'PriorityClass' && o.value < 0)) state.preemptible.add(pc.metadata.name);
          await prepareCluster(client, example, state.sets);
          await createPlannedNodes(client, state.nodes);
          const created = await createAll(client, state.sets);
          const binding = await waitForBinding(client, created.map((c) => c.key), PLACEMENT_TIMEOUT_MS);
          state.placed = created.filter((c) => binding.bound.has(c.key)).map((c) => ({ ...c, node: binding.bound.get(c.key)! }));
          state.pending = [...binding.pending, ...binding.preempted.map((pod) => ({ pod, message: 'preempted at the first placement' }))];
          state.usage = await nodeUsage(client, state.nodes.map((n) => n.name));
          record();
        } catch (error) {
          state.setupError = `${(error as Error).message}\n${plane.tails()}`;
        }
      });

      afterAll(async () => {
        await plane?.stop();
      });

      it('binds every Pod of the general and media pools to a planned node', () => {
        expect(state.placed.length).toBeGreaterThan(0);
        const free = state.usage.map((u) => `${u.node}: ${u.free.cpuMillicores}m ${u.free.memoryMiB}Mi free`);
        expect(state.pending, `free requests per node:\n${free.join('\n')}\n${plane?.process('kube-scheduler').tail(20)}`).toEqual([]);
      });

      for (const pool of PLACED_POOLS) {
        it(`places on the ${pool} nodes the requests socle's port places there in total, none past a node's allocatable`, () => {
          const nodes = new Set(forPool(state, pool).map((n) => n.name));
          const placedHere = state.placed.filter((p) => nodes.has(p.node));
          const port = portOfPool(example, pool);
          expect(port.perNode, 'the port places every Pod of the plan').toBeDefined();
          expect(sum(placedHere.map((p) => p.set.requests))).toEqual(port.total);
          expect(state.usage.filter((u) => nodes.has(u.node) && (u.free.cpuMillicores < 0 || u.free.memoryMiB < 0))).toEqual([]);
        });
      }

      it('finds room on the other nodes for the movable Pods of any one lost node', async () => {
        expect(state.pending, 'the first placement is complete').toEqual([]);
        const nextIndex = new Map<PodSet, number>();
        for (const n of state.nodes) {
          state.losses.push(await loseNode(plane!.client, state, n.name, nextIndex));
          record();
        }
        const failed = state.losses.filter((l) => l.pending.some((p) => !p.allowed) || l.preempted.some((p) => !p.allowed) || l.overcommitted.length > 0);
        expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
      }, 900_000);
    });
  }
});
