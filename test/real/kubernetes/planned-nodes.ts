/**
 * The nodes of an `instances` plan's general and media pools as Node objects, shaped as the RKE2
 * kubelet and the OpenStack cloud controller would leave them, for kube-scheduler to place Pods on:
 *
 * - the name the cluster stack gives the instance (stacks/compute/node-pool-instances.ts: the
 *   kubelet registers under the host name), the zones in the stack's order (`nodeZones`);
 * - labels: `socle/pool` and, on the media nodes the stack picks for TURN (one zone after the other), `socle/turn=true` (RKE2's `node-label`,
 *   stacks/compute/rke2-cloud-init.ts, instances-cluster.ts); the kubelet's own
 *   `kubernetes.io/hostname`, `kubernetes.io/os`, `kubernetes.io/arch` (k8s.io/kubernetes v1.36
 *   pkg/kubelet/kubelet_node_status.go initialNode); `topology.kubernetes.io/zone`, which the cloud
 *   controller's cloud-node controller sets from the instance's availability zone
 *   (k8s.io/cloud-provider v0.36 controllers/node/node_controller.go getNodeModifiersFromCloudProvider) —
 *   in a one-zone region the instance is in the cloud's default zone, Nova's
 *   `default_availability_zone`, `nova` unless the operator changed it (nova/conf/availability_zone.py);
 * - taints: the pool's (`node-taint`, POOL_TAINTS) only — the API server adds
 *   `node.kubernetes.io/not-ready:NoSchedule` to every new Node (k8s.io/kubernetes v1.36
 *   plugin/pkg/admission/nodetaint/admission.go) and the node lifecycle controller takes it off once
 *   the Node is Ready (pkg/controller/nodelifecycle/node_lifecycle_controller.go
 *   doNoScheduleTaintingPass); no controller manager runs here, so this file does;
 * - status: capacity from the flavor, allocatable = capacity − `kube-reserved` − the hard eviction
 *   threshold, what socle's kubelet arguments make the kubelet report (sizing/node-allocatable.ts
 *   kubeletReservationArgs; the kubelet's formula: pkg/kubelet/cm/node_container_manager_linux.go
 *   GetNodeAllocatableAbsolute), 110 Pods (the kubelet's default `maxPods`), Ready.
 *
 * What every node also runs (canal and kube-proxy, NODE_DAEMONS) becomes one Pod per node, bound to
 * it at creation, so the scheduler sees what sizing's `allocatable()` says is left for socle's Pods.
 */
import type { Environment } from '../../../environments/environment.js';
import { EVICTION_HARD_MIB, kubeReserved, NODE_DAEMONS } from '../../../sizing/node-allocatable.js';
import type { NodePoolPlan, PoolRole, SizingPlan } from '../../../sizing/sizing-plan.js';
import { turnNodeIndexes, turnReplicas } from '../../../stacks/compute/media-nodes.js';
import { nodeZones } from '../../../stacks/compute/node-pool-instances.js';
import { POOL_LABEL, POOL_TAINTS, TURN_NODE_LABEL } from '../../../stacks/compute/rke2-cloud-init.js';
import { objectName } from '../../../stacks/naming.js';
import { describeStatus, type KubeClient } from './kube-client.js';

/** The pools whose Pods this test bed places: the database pool's are the operators' and quorum members' (out of scope). */
export const PLACED_POOLS: readonly PoolRole[] = ['general', 'media'];

/** Nova's `default_availability_zone` (nova/conf/availability_zone.py): the zone of an instance in a one-zone region. */
export const DEFAULT_ZONE = 'nova';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** The kubelet's default `maxPods` (k8s.io/kubelet config/v1beta1 KubeletConfiguration). */
const MAX_PODS = 110;

export interface PlannedNode {
  readonly name: string;
  readonly pool: NodePoolPlan;
  readonly zone: string;
  readonly turn: boolean;
}

export function plannedNodes(env: Environment, plan: SizingPlan): PlannedNode[] {
  return plan.nodePools
    .filter((pool) => PLACED_POOLS.includes(pool.role))
    .flatMap((pool) => {
      const turn = pool.role === 'media' ? turnNodeIndexes(nodeZones(pool), turnReplicas(plan)) : new Set<number>();
      return nodeZones(pool).map((zone, index) => ({ name: objectName(env, pool.role, index), pool, zone: zone ?? DEFAULT_ZONE, turn: turn.has(index) }));
    });
}

/** `key=value:Effect`, as RKE2's `node-taint` takes it. */
function taint(text: string): { key: string; value: string; effect: string } {
  const m = /^([^=]+)=([^:]*):(\w+)$/.exec(text);
  if (!m) throw new Error(`not a key=value:Effect taint: ${text}`);
  return { key: m[1]!, value: m[2]!, effect: m[3]! };
}

function nodeStatus(n: PlannedNode): object {
  const { vcpus, ramGb } = n.pool.flavor;
  const reserved = kubeReserved(n.pool.flavor);
  const memoryMiB = Math.floor(ramGb * 1024);
  const now = new Date().toISOString();
  return {
    capacity: { cpu: String(vcpus), memory: `${memoryMiB}Mi`, pods: String(MAX_PODS) },
    allocatable: { cpu: `${vcpus * 1000 - reserved.cpuMillicores}m`, memory: `${memoryMiB - reserved.memoryMiB - EVICTION_HARD_MIB}Mi`, pods: String(MAX_PODS) },
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'stand-in: no kubelet runs', lastHeartbeatTime: now, lastTransitionTime: now }],
  };
}

/** The Pod standing for the node's daemons (canal, kube-proxy), bound to it as the DaemonSets' would be. */
export function daemonPod(n: PlannedNode): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `node-daemons-${n.name}`, namespace: 'kube-system', labels: { 'socle.test/node-daemons': 'true' } },
    spec: {
      nodeName: n.name,
      tolerations: [{ operator: 'Exists' }],
      containers: [{ name: 'daemons', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: `${NODE_DAEMONS.cpuMillicores}m`, memory: `${NODE_DAEMONS.memoryMiB}Mi` } } }],
    },
  };
}

export async function createPlannedNodes(client: KubeClient, nodes: readonly PlannedNode[]): Promise<void> {
  for (const n of nodes) {
    const labels = {
      [POOL_LABEL]: n.pool.role,
      ...(n.turn ? { [TURN_NODE_LABEL]: 'true' } : {}),
      [HOSTNAME_LABEL]: n.name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      [ZONE_LABEL]: n.zone,
    };
    const created = await client.request('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels }, spec: { taints: POOL_TAINTS[n.pool.role].map(taint) } });
    if (created.status !== 201) throw new Error(`creating Node ${n.name}: ${created.status} ${describeStatus(created.body)}`);
    const status = await client.request('PATCH', `/api/v1/nodes/${n.name}/status`, { status: nodeStatus(n) }, 'application/merge-patch+json');
    if (status.status !== 200) throw new Error(`setting the status of Node ${n.name}: ${status.status} ${describeStatus(status.body)}`);
    const ready = await client.request('PATCH', `/api/v1/nodes/${n.name}`, { spec: { taints: POOL_TAINTS[n.pool.role].map(taint) } }, 'application/merge-patch+json');
    if (ready.status !== 200) throw new Error(`taking the not-ready taint off Node ${n.name}: ${ready.status} ${describeStatus(ready.body)}`);
    const daemons = await client.request('POST', '/api/v1/namespaces/kube-system/pods', daemonPod(n));
    if (daemons.status !== 201) throw new Error(`creating the daemons' Pod of ${n.name}: ${daemons.status} ${describeStatus(daemons.body)}`);
  }
}

/** Cordons a node (`kubectl cordon`: spec.unschedulable), or uncordons it. */
export async function setUnschedulable(client: KubeClient, node: string, unschedulable: boolean): Promise<void> {
  const res = await client.request('PATCH', `/api/v1/nodes/${node}`, { spec: { unschedulable } }, 'application/merge-patch+json');
  if (res.status !== 200) throw new Error(`${unschedulable ? 'cordoning' : 'uncordoning'} ${node}: ${res.status} ${describeStatus(res.body)}`);
}
