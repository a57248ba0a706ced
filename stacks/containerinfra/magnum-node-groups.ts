/**
 * Which pool of the plan is which Magnum node group. Magnum reports the node addresses of one
 * worker group only, its default one (`node_addresses` of the cluster; private addresses when
 * floating IPs are off), and it has no per-group public addresses: the media pool, whose nodes
 * need public addresses socle attaches itself, is therefore the default worker group. The other
 * worker pools are node groups named after their role. Without Jitsi, the general pool is the
 * default group.
 */
import type { NodePoolPlan, PoolRole, SizingPlan } from '../../sizing/sizing-plan.js';

/** The name Magnum gives the cluster's default worker node group (Heat and Cluster API drivers). */
export const MAGNUM_DEFAULT_WORKER_GROUP = 'default-worker';

/**
 * Node labels that carry a node's Magnum node group name: the Heat driver's
 * (`configure-kubernetes-minion.sh`) and the Cluster API Helm driver's (capi-helm-charts).
 */
export const MAGNUM_NODE_GROUP_LABELS = ['magnum.openstack.org/nodegroup', 'capi.stackhpc.com/node-group'] as const;

export interface MagnumNodeGroups {
  defaultWorker: NodePoolPlan;
  /** Worker pools that get a node group of their own, named after their role. */
  named: NodePoolPlan[];
}

export function magnumNodeGroups(plan: SizingPlan): MagnumNodeGroups {
  const workers = plan.nodePools.filter((p) => p.role !== 'control-plane');
  const defaultWorker = workers.find((p) => p.role === 'media') ?? workers.find((p) => p.role === 'general');
  if (!defaultWorker) throw new Error('the sizing plan has no general pool');
  return { defaultWorker, named: workers.filter((p) => p !== defaultWorker) };
}

/** The socle pool of a Magnum node group name, or undefined for a group socle did not make. */
export function poolOfMagnumGroup(plan: SizingPlan, group: string): PoolRole | undefined {
  const groups = magnumNodeGroups(plan);
  if (group === MAGNUM_DEFAULT_WORKER_GROUP) return groups.defaultWorker.role;
  return groups.named.find((p) => p.role === group)?.role;
}
