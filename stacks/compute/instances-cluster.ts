/**
 * The cluster on plain instances (`cluster.mode: instances`): RKE2 on the node pools of the plan,
 * the Kubernetes API behind its own load balancer (admin CIDRs and node subnet only), the HTTPS
 * ingress behind another (open to the world on 80/443), the cloud-provider credential, and the
 * cluster bootstrap bundle (join tokens and CAs) kept in the state.
 */
import type { Environment } from '../../environments/environment.js';
import type { LoadBalancerPlan, NodePoolPlan, PoolRole, SizingPlan } from '../../sizing/sizing-plan.js';
import { TerraformOutput, type TerraformStack } from '../cdktf.js';
import { addCloudProviderCredential } from '../identity/cloud-provider-credential.js';
import { INGRESS_LISTENERS } from '../lb/ingress-ports.js';
import { addLoadBalancer, addTcpListener, type LoadBalancer } from '../lb/tcp-load-balancer.js';
import { NODE_SUBNET_CIDR } from '../networking/address-plan.js';
import { KUBERNETES_API_PORT, RKE2_SUPERVISOR_PORT, type SecurityGroupName } from '../networking/security-rules.js';
import type { NetworkStack } from '../network-stack.js';
import { addClusterBootstrap } from './cluster-bootstrap.js';
import { addMediaNodesOutput, turnNodeIndexes, turnReplicas } from './media-nodes.js';
import { addNodePool, nodeZones, type PoolNode } from './node-pool-instances.js';
import { rke2CloudInit } from './rke2-cloud-init.js';

const POOL_GROUPS: Record<PoolRole, SecurityGroupName[]> = {
  'control-plane': ['nodes', 'control-plane'],
  general: ['nodes', 'ingress-backend'],
  media: ['nodes', 'media'],
  database: ['nodes'],
};

/**
 * Octavia cuts a connection idle for 50 s by default (listener `timeout_client_data` and
 * `timeout_member_data`, Octavia API reference): `kubectl logs -f`, `exec` and watches, and the
 * agents' tunnels to the supervisor, go quiet for longer. One hour covers the API server's longest
 * watch (kube-apiserver `--min-request-timeout` 1800 s, watches last up to twice that).
 */
const API_IDLE_TIMEOUT_MS = 3_600_000;

// Control plane first: the other pools join through it.
const POOL_ORDER: PoolRole[] = ['control-plane', 'general', 'media', 'database'];

function loadBalancerPlan(plan: SizingPlan, name: string): LoadBalancerPlan {
  const found = plan.loadBalancers.find((lb) => lb.name === name);
  if (!found) throw new Error(`the sizing plan has no "${name}" load balancer`);
  return found;
}

function sortedPools(plan: SizingPlan): NodePoolPlan[] {
  return [...plan.nodePools].sort((a, b) => POOL_ORDER.indexOf(a.role) - POOL_ORDER.indexOf(b.role));
}

export function addInstancesCluster(stack: TerraformStack, env: Environment, plan: SizingPlan, network: NetworkStack): void {
  const groups = network.securityGroups;
  if (!groups) throw new Error('cluster.mode instances needs the network stack security groups');
  const bootstrap = addClusterBootstrap(stack);
  const subnetId = network.subnet.id;

  // Reachable from outside only when someone is allowed to reach it.
  const api = addLoadBalancer(stack, env, { plan: loadBalancerPlan(plan, 'kubernetes-api'), subnetId, publicIp: env.cluster.adminCidrs.length > 0, stackName: 'cluster' });
  const apiAddress = api.loadBalancer.vipAddress;
  const tlsSans = [apiAddress, ...(api.floatingIp ? [api.floatingIp.address] : [])];

  const nodes = new Map<PoolRole, PoolNode[]>();
  for (const pool of sortedPools(plan)) {
    const turnNodes = pool.role === 'media' ? turnNodeIndexes(nodeZones(pool), turnReplicas(plan)) : new Set<number>();
    nodes.set(
      pool.role,
      addNodePool(stack, env, {
        pool,
        networkId: network.network.id,
        subnetId,
        securityGroupIds: POOL_GROUPS[pool.role].map((g) => groups[g].id),
        userData: (index) => {
          const initialises = pool.role === 'control-plane' && index === 0;
          const turn = turnNodes.has(index);
          return rke2CloudInit(env, { role: pool.role, flavor: pool.flavor, initialises, apiAddress, tlsSans, tokens: bootstrap.tokens, serverCaHash: bootstrap.serverCaHash, files: initialises ? bootstrap.files : [], turn });
        },
        stackName: 'cluster',
      }),
    );
  }
  const members = (role: PoolRole) => (nodes.get(role) ?? []).map((n) => ({ name: n.name, address: n.address }));

  const apiListener = { members: members('control-plane'), idleTimeoutMs: API_IDLE_TIMEOUT_MS };
  addTcpListener(stack, env, api, { ...apiListener, name: 'kubernetes', port: KUBERNETES_API_PORT, memberPort: KUBERNETES_API_PORT, allowedCidrs: [...env.cluster.adminCidrs, NODE_SUBNET_CIDR] });
  addTcpListener(stack, env, api, { ...apiListener, name: 'supervisor', port: RKE2_SUPERVISOR_PORT, memberPort: RKE2_SUPERVISOR_PORT, allowedCidrs: [NODE_SUBNET_CIDR] });

  const ingress = addLoadBalancer(stack, env, { plan: loadBalancerPlan(plan, 'ingress'), subnetId, publicIp: true, stackName: 'cluster' });
  for (const listener of INGRESS_LISTENERS) {
    addTcpListener(stack, env, ingress, { name: listener.name, port: listener.port, memberPort: listener.nodePort, poolProtocol: 'PROXY', members: members('general') });
  }

  const credential = addCloudProviderCredential(stack, env);
  const apiEndpoint = `https://${api.floatingIp ? api.floatingIp.address : apiAddress}:${KUBERNETES_API_PORT}`;
  outputs(stack, {
    ingress,
    apiEndpoint,
    media: nodes.get('media') ?? [],
    turnNodes: turnReplicas(plan),
    credentialId: credential.id,
    credentialSecret: credential.secret,
  });
}

interface ClusterOutputs {
  ingress: LoadBalancer;
  apiEndpoint: string;
  media: PoolNode[];
  /** How many media nodes run TURN (media-nodes.ts `turnNodeIndexes` says which). */
  turnNodes: number;
  credentialId: string;
  credentialSecret: string;
}

function outputs(stack: TerraformStack, o: ClusterOutputs): void {
  new TerraformOutput(stack, 'ingress_address', { value: o.ingress.floatingIp?.address, description: 'public address of the HTTPS ingress: point the app host names here' });
  new TerraformOutput(stack, 'ingress_load_balancer_id', { value: o.ingress.loadBalancer.id });
  new TerraformOutput(stack, 'api_endpoint', { value: o.apiEndpoint, description: 'Kubernetes API (admin CIDRs and node subnet only)' });
  addMediaNodesOutput(stack, o.media.map((n) => ({ ...n, publicAddress: n.publicAddress ?? '' })), o.turnNodes);
  new TerraformOutput(stack, 'cloud_provider_credential_id', { value: o.credentialId, description: 'application credential for the OpenStack cloud controller and Cinder CSI' });
  new TerraformOutput(stack, 'cloud_provider_credential_secret', { value: o.credentialSecret, sensitive: true });
}
