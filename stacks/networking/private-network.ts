/** The private network the nodes and load balancers sit on, routed to the external network. */
import type { Environment } from '../../environments/environment.js';
import type { TerraformStack } from '../cdktf.js';
import { DataOpenstackNetworkingNetworkV2 } from '../generated/providers/openstack/data-openstack-networking-network-v2/index.js';
import { NetworkingNetworkV2 } from '../generated/providers/openstack/networking-network-v2/index.js';
import { NetworkingRouterInterfaceV2 } from '../generated/providers/openstack/networking-router-interface-v2/index.js';
import { NetworkingRouterV2 } from '../generated/providers/openstack/networking-router-v2/index.js';
import { NetworkingSubnetV2 } from '../generated/providers/openstack/networking-subnet-v2/index.js';
import { address, objectName, tags } from '../naming.js';
import { NODE_SUBNET_CIDR } from './address-plan.js';

/**
 * OVHcloud's recursive resolver (cdns.ovh.net) for the nodes, which resolve the registry mirror, the
 * artifact store and the S3 endpoints by name: OVHcloud's private-network guides set it on the
 * subnet rather than relying on the DHCP agent's own resolver. Other clouds keep their DHCP default.
 */
const OVHCLOUD_RESOLVERS = ['213.186.33.99'];

export interface PrivateNetwork {
  network: NetworkingNetworkV2;
  subnet: NetworkingSubnetV2;
  router: NetworkingRouterV2;
  externalNetworkId: string;
}

export function addPrivateNetwork(stack: TerraformStack, env: Environment, stackName: string): PrivateNetwork {
  const external = new DataOpenstackNetworkingNetworkV2(stack, address(DataOpenstackNetworkingNetworkV2, 'external'), { name: env.cloud.externalNetwork, external: true });
  const network = new NetworkingNetworkV2(stack, address(NetworkingNetworkV2, 'private'), { name: objectName(env, 'private'), adminStateUp: true, tags: tags(env, stackName) });
  const subnet = new NetworkingSubnetV2(stack, address(NetworkingSubnetV2, 'nodes'), {
    name: objectName(env, 'nodes'),
    networkId: network.id,
    cidr: NODE_SUBNET_CIDR,
    ipVersion: 4,
    enableDhcp: true,
    ...(env.cloud.provider === 'ovhcloud' ? { dnsNameservers: [...OVHCLOUD_RESOLVERS] } : {}),
    tags: tags(env, stackName),
  });
  const router = new NetworkingRouterV2(stack, address(NetworkingRouterV2, 'router'), { name: objectName(env, 'router'), externalNetworkId: external.id, tags: tags(env, stackName) });
  new NetworkingRouterInterfaceV2(stack, address(NetworkingRouterInterfaceV2, 'router_nodes'), { routerId: router.id, subnetId: subnet.id });
  return { network, subnet, router, externalNetworkId: external.id };
}
