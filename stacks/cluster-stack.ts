/**
 * The `cluster` stack: compute that can be rebuilt without touching data — RKE2 on instances, or a
 * Magnum cluster; nothing at all for `cluster.mode: existing`.
 */
import type { Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { TerraformOutput, type App } from './cdktf.js';
import { addInstancesCluster } from './compute/instances-cluster.js';
import { addMediaNodesOutput, turnReplicas } from './compute/media-nodes.js';
import { addMagnumCluster } from './containerinfra/magnum-cluster.js';
import { addMagnumMediaAddresses } from './containerinfra/magnum-media-addresses.js';
import { magnumNodeGroups } from './containerinfra/magnum-node-groups.js';
import { addLoadBalancer } from './lb/tcp-load-balancer.js';
import type { NetworkStack } from './network-stack.js';
import { socleStack } from './socle-stack.js';

export function clusterStack(app: App, env: Environment, plan: SizingPlan, network: NetworkStack): void {
  const stack = socleStack(app, env, 'cluster');
  if (env.cluster.mode === 'instances') {
    addInstancesCluster(stack, env, plan, network);
    return;
  }
  const cluster = addMagnumCluster(stack, env, plan, { externalNetworkId: network.externalNetworkId, networkId: network.network.id, subnetId: network.subnet.id });
  // The general nodes' addresses are not known to Terraform (Magnum reports its default worker
  // group's only, the media nodes: containerinfra/magnum-node-groups.ts): the ingress load balancer and its address
  // are created here (stable across cluster rebuilds), and the cloud controller fills in listeners
  // and members for the ingress Service that names it (`loadbalancer.openstack.org/load-balancer-id`).
  const ingressPlan = plan.loadBalancers.find((lb) => lb.name === 'ingress');
  if (!ingressPlan) throw new Error('the sizing plan has no "ingress" load balancer');
  const ingress = addLoadBalancer(stack, env, { plan: ingressPlan, subnetId: network.subnet.id, publicIp: true, stackName: 'cluster' });
  new TerraformOutput(stack, 'ingress_address', { value: ingress.floatingIp?.address, description: 'public address of the HTTPS ingress: point the app host names here' });
  new TerraformOutput(stack, 'ingress_load_balancer_id', { value: ingress.loadBalancer.id, description: 'for the ingress Service annotation loadbalancer.openstack.org/load-balancer-id' });
  new TerraformOutput(stack, 'api_endpoint', { value: cluster.apiAddress, description: 'Kubernetes API (admin CIDRs and node subnet only)' });
  new TerraformOutput(stack, 'kubeconfig', { value: cluster.kubeconfig.lookup('raw_config'), sensitive: true, description: 'cluster-admin kubeconfig from Magnum' });
  const media = magnumNodeGroups(plan).defaultWorker;
  if (media.role !== 'media') return;
  if (!network.magnumMediaGroups) throw new Error('cluster.mode magnum needs the network stack media node groups');
  const nodes = addMagnumMediaAddresses(stack, env, { cluster, pool: media, networkId: network.network.id, securityGroupIds: network.magnumMediaGroups.map((g) => g.id), stackName: 'cluster' });
  addMediaNodesOutput(stack, nodes, turnReplicas(plan));
}
