/**
 * An Octavia load balancer that forwards TCP: one listener, pool and health monitor per port, the
 * members spread over every zone the nodes are in. TLS stays end to end (passthrough): the
 * certificates live in the cluster, never in the load balancer.
 */
import type { Environment } from '../../environments/environment.js';
import type { LoadBalancerPlan } from '../../sizing/sizing-plan.js';
import type { TerraformStack } from '../cdktf.js';
import { DataOpenstackLbFlavorV2 } from '../generated/providers/openstack/data-openstack-lb-flavor-v2/index.js';
import { LbListenerV2 } from '../generated/providers/openstack/lb-listener-v2/index.js';
import { LbLoadbalancerV2 } from '../generated/providers/openstack/lb-loadbalancer-v2/index.js';
import { LbMembersV2 } from '../generated/providers/openstack/lb-members-v2/index.js';
import { LbMonitorV2 } from '../generated/providers/openstack/lb-monitor-v2/index.js';
import { LbPoolV2 } from '../generated/providers/openstack/lb-pool-v2/index.js';
import { NetworkingFloatingipV2 } from '../generated/providers/openstack/networking-floatingip-v2/index.js';
import { address, objectName, resourceId, tags } from '../naming.js';

export interface LoadBalancerProps {
  plan: LoadBalancerPlan;
  subnetId: string;
  /** Give the load balancer a floating IP on the external network. */
  publicIp: boolean;
  stackName: string;
}

export interface LoadBalancer {
  plan: LoadBalancerPlan;
  subnetId: string;
  loadBalancer: LbLoadbalancerV2;
  floatingIp?: NetworkingFloatingipV2;
}

export interface TcpListenerProps {
  /** Short name, e.g. `https`; part of the resource addresses. */
  name: string;
  port: number;
  /** Port on the members. */
  memberPort: number;
  /**
   * Source CIDRs the listener accepts.
   * @default every source
   */
  allowedCidrs?: string[];
  /**
   * `PROXY` prefixes each connection with the client address (PROXY protocol v1).
   * @default 'TCP'
   */
  poolProtocol?: 'TCP' | 'PROXY';
  /** Member addresses (private IPs), in a stable order. */
  members: { name: string; address: string }[];
  /**
   * Idle time after which the listener cuts a connection, client and member side, in ms.
   * @default Octavia's (50 000 ms)
   */
  idleTimeoutMs?: number;
}

// Health checks: a member is out after 3 failed 5 s probes (15 s), back after the next success.
const MONITOR = { delay: 5, timeout: 3, maxRetries: 3 };

export function addLoadBalancer(stack: TerraformStack, env: Environment, props: LoadBalancerProps): LoadBalancer {
  const id = resourceId(props.plan.name);
  // OVHcloud names its Octavia flavors after the sizes the plan picks (small … xl); another cloud
  // names its own, so it gets its default flavor.
  const flavor = env.cloud.provider === 'ovhcloud' ? new DataOpenstackLbFlavorV2(stack, address(DataOpenstackLbFlavorV2, id), { name: props.plan.size }) : undefined;
  const loadBalancer = new LbLoadbalancerV2(stack, address(LbLoadbalancerV2, id), {
    name: objectName(env, props.plan.name),
    description: props.plan.purpose,
    vipSubnetId: props.subnetId,
    ...(flavor ? { flavorId: flavor.flavorId } : {}),
    tags: tags(env, props.stackName),
  });
  const floatingIp = props.publicIp
    ? new NetworkingFloatingipV2(stack, address(NetworkingFloatingipV2, id), { pool: env.cloud.externalNetwork, portId: loadBalancer.vipPortId, description: `${objectName(env, props.plan.name)} public address`, tags: tags(env, props.stackName) })
    : undefined;
  return { plan: props.plan, subnetId: props.subnetId, loadBalancer, ...(floatingIp ? { floatingIp } : {}) };
}

export function addTcpListener(stack: TerraformStack, env: Environment, lb: LoadBalancer, props: TcpListenerProps): void {
  const id = resourceId(lb.plan.name, props.name);
  const name = objectName(env, lb.plan.name, props.name);
  const listener = new LbListenerV2(stack, address(LbListenerV2, id), {
    name,
    loadbalancerId: lb.loadBalancer.id,
    protocol: 'TCP',
    protocolPort: props.port,
    // Octavia stores the CIDRs keyed by (listener, cidr) and returns them in that order, and the
    // provider reads the list back as returned (v3.4.0 resource_openstack_lb_listener_v2.go L205-209
    // TypeList, L348): written in string order, the plan never shows a spurious change.
    ...(props.allowedCidrs ? { allowedCidrs: [...props.allowedCidrs].sort() } : {}),
    ...(props.idleTimeoutMs ? { timeoutClientData: props.idleTimeoutMs, timeoutMemberData: props.idleTimeoutMs } : {}),
  });
  const pool = new LbPoolV2(stack, address(LbPoolV2, id), { name, listenerId: listener.id, protocol: props.poolProtocol ?? 'TCP', lbMethod: 'LEAST_CONNECTIONS' });
  new LbMembersV2(stack, address(LbMembersV2, id), {
    poolId: pool.id,
    member: props.members.map((m) => ({ name: m.name, address: m.address, protocolPort: props.memberPort, subnetId: lb.subnetId })),
  });
  new LbMonitorV2(stack, address(LbMonitorV2, id), { name, poolId: pool.id, type: 'TCP', ...MONITOR });
}
