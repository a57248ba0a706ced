/**
 * The nodes of one pool of the sizing plan (`cluster.mode: instances`): one port and one instance
 * per node, pinned to the zone the plan gives it, in one server group; media nodes also get a
 * floating IP (videobridges and TURN are reached directly, not through a load balancer).
 */
import type { Environment } from '../../environments/environment.js';
import type { NodePoolPlan } from '../../sizing/sizing-plan.js';
import { Fn, Token, type TerraformStack } from '../cdktf.js';
import { ComputeInstanceV2 } from '../generated/providers/openstack/compute-instance-v2/index.js';
import { ComputeServergroupV2 } from '../generated/providers/openstack/compute-servergroup-v2/index.js';
import { NetworkingFloatingipV2 } from '../generated/providers/openstack/networking-floatingip-v2/index.js';
import { NetworkingPortV2 } from '../generated/providers/openstack/networking-port-v2/index.js';
import { address, objectName, resourceId, tags } from '../naming.js';

export interface PoolNode {
  name: string;
  zone: string | null;
  /** Private address (Terraform reference). */
  address: string;
  /** Public address, for pools with `publicIp` (Terraform reference). */
  publicAddress?: string;
}

export interface NodePoolProps {
  pool: NodePoolPlan;
  networkId: string;
  subnetId: string;
  securityGroupIds: string[];
  /** User data of node `index` (0-based across the pool). */
  userData: (index: number) => string;
  stackName: string;
}

/**
 * Quorum members (etcd, databases) must never share a host: strict anti-affinity. Stateless and
 * media nodes only prefer to spread, so a large pool never fails to schedule on a small region.
 */
const STRICT_SPREAD = new Set(['control-plane', 'database']);

/**
 * What a running node never follows. `user_data`: bootstrap data only matters at first boot (a
 * new RKE2 release in the catalogue, another SSH key). `image_name`/`image_id`: the provider
 * re-reads the name of the node's image from Glance at every refresh and neither is ForceNew, so
 * a cloud renaming a superseded image (or deleting it: "Image not found") makes the next apply
 * rebuild every node at once, etcd members included (terraform-provider-openstack v3.4.0
 * `resource_openstack_compute_instance_v2.go` L63-72 schema, L1094-1127 Update → servers.Rebuild,
 * L1583-1599 setImageInformation). A new image reaches a node when it is created or replaced —
 * deliberately, one node at a time (`tofu apply -replace=…`, stacks/README.md).
 */
export const NODE_IGNORED_CHANGES = ['user_data', 'image_name', 'image_id'];

/** The plan's zones, expanded to one entry per node, in plan order. */
export function nodeZones(pool: NodePoolPlan): (string | null)[] {
  return pool.zones.flatMap((z) => Array.from({ length: z.count }, () => z.zone));
}

export function addNodePool(stack: TerraformStack, env: Environment, props: NodePoolProps): PoolNode[] {
  const { pool } = props;
  const group = new ComputeServergroupV2(stack, address(ComputeServergroupV2, resourceId(pool.role)), {
    name: objectName(env, pool.role),
    policies: [STRICT_SPREAD.has(pool.role) ? 'anti-affinity' : 'soft-anti-affinity'],
  });
  return nodeZones(pool).map((zone, index) => {
    const id = resourceId(pool.role, index);
    const name = objectName(env, pool.role, index);
    const port = new NetworkingPortV2(stack, address(NetworkingPortV2, id), {
      name,
      networkId: props.networkId,
      fixedIp: [{ subnetId: props.subnetId }],
      securityGroupIds: props.securityGroupIds,
      adminStateUp: true,
      tags: tags(env, props.stackName),
    });
    new ComputeInstanceV2(stack, address(ComputeInstanceV2, id), {
      name,
      flavorName: pool.flavor.name,
      imageName: env.cloud.image,
      ...(zone ? { availabilityZone: zone } : {}),
      network: [{ port: port.id }],
      schedulerHints: [{ group: group.id }],
      userData: props.userData(index),
      metadata: { 'socle-environment': env.name, 'socle-pool': pool.role },
      tags: tags(env, props.stackName),
      lifecycle: { ignoreChanges: NODE_IGNORED_CHANGES },
    });
    const privateAddress = Token.asString(Fn.element(port.allFixedIps, 0));
    if (!pool.publicIp) return { name, zone, address: privateAddress };
    const floatingIp = new NetworkingFloatingipV2(stack, address(NetworkingFloatingipV2, id), { pool: env.cloud.externalNetwork, portId: port.id, description: `${name} public address`, tags: tags(env, props.stackName) });
    return { name, zone, address: privateAddress, publicAddress: floatingIp.address };
  });
}
