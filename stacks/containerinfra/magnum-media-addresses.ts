/**
 * Public addresses for the media nodes of a Magnum cluster. Magnum has no floating IPs per node
 * group, and its cluster-wide switch would also put its control plane (whose security group opens
 * etcd, the kubelet and the API to any source) and every worker (NodePorts open to any source)
 * on the internet; the Cluster API drivers ignore it. So Magnum keeps floating IPs off and socle
 * does what `instances` mode does for its own media nodes: per media node a floating IP, and the
 * node's port in socle's groups only — `media` (videobridge UDP, TURN and its relay range) and
 * `cluster-internal` (`security-rules.ts`) — instead of Magnum's worker group, which opens SSH and
 * the NodePorts to any source and would put them on the public address too.
 *
 * The nodes are Magnum's: the media pool is the default worker group (`magnum-node-groups.ts`),
 * whose node addresses the cluster reports, and each node's port is the one holding that address
 * on socle's network. The floating IPs are socle's, not the nodes': a node Magnum replaces gets the
 * same public address at the next apply, so `turn.<domain>` never changes.
 */
import type { Environment } from '../../environments/environment.js';
import type { NodePoolPlan } from '../../sizing/sizing-plan.js';
import { Fn, Token, type TerraformStack } from '../cdktf.js';
import type { MediaNode } from '../compute/media-nodes.js';
import type { ContainerinfraClusterV1 } from '../generated/providers/openstack/containerinfra-cluster-v1/index.js';
import { DataOpenstackNetworkingPortIdsV2 } from '../generated/providers/openstack/data-openstack-networking-port-ids-v2/index.js';
import { NetworkingFloatingipV2 } from '../generated/providers/openstack/networking-floatingip-v2/index.js';
import { NetworkingPortSecgroupAssociateV2 } from '../generated/providers/openstack/networking-port-secgroup-associate-v2/index.js';
import { address, objectName, resourceId, tags } from '../naming.js';

export interface MagnumMediaAddressesProps {
  cluster: ContainerinfraClusterV1;
  /** The media pool: Magnum's default worker group. */
  pool: NodePoolPlan;
  networkId: string;
  /** The groups the media nodes' ports get, replacing Magnum's. */
  securityGroupIds: string[];
  stackName: string;
}

export function addMagnumMediaAddresses(stack: TerraformStack, env: Environment, props: MagnumMediaAddressesProps): MediaNode[] {
  return Array.from({ length: props.pool.count }, (_, index) => {
    const id = resourceId(props.pool.role, index);
    const name = objectName(env, props.pool.role, index);
    // An index past the end fails the apply: a node group still scaling up is never half-addressed.
    const privateAddress = Token.asString(Fn.lookupNested(props.cluster.nodeAddresses, [index]));
    const port = new DataOpenstackNetworkingPortIdsV2(stack, address(DataOpenstackNetworkingPortIdsV2, id), { networkId: props.networkId, fixedIp: privateAddress });
    const portId = Token.asString(Fn.lookupNested(port.ids, [0]));
    // enforce: these groups replace the port's (Magnum's), and drift back is undone at every apply.
    new NetworkingPortSecgroupAssociateV2(stack, address(NetworkingPortSecgroupAssociateV2, id), { portId, securityGroupIds: props.securityGroupIds, enforce: true });
    const floatingIp = new NetworkingFloatingipV2(stack, address(NetworkingFloatingipV2, id), { pool: env.cloud.externalNetwork, portId, description: `${name} public address`, tags: tags(env, props.stackName) });
    return { name, zone: null, address: privateAddress, publicAddress: floatingIp.address };
  });
}
