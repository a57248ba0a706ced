/**
 * The `network` stack: private network, router, security groups. Changes rarely; the cluster sits
 * on it. Magnum makes its nodes' own groups: socle then only makes the media nodes' groups, which
 * it puts on their ports (`containerinfra/magnum-media-addresses.ts`).
 */
import type { Environment } from '../environments/environment.js';
import type { App } from './cdktf.js';
import { TerraformOutput } from './cdktf.js';
import type { NetworkingSecgroupV2 } from './generated/providers/openstack/networking-secgroup-v2/index.js';
import { addPrivateNetwork, type PrivateNetwork } from './networking/private-network.js';
import { addSecurityGroups } from './networking/security-groups.js';
import { SECURITY_GROUPS_BY_MODE, securityGroupSpecs, type SecurityGroupName } from './networking/security-rules.js';
import { socleStack } from './socle-stack.js';

export interface NetworkStack extends PrivateNetwork {
  /** Node security groups (`instances` mode). */
  securityGroups?: Record<SecurityGroupName, NetworkingSecgroupV2>;
  /** The groups of the media nodes' ports (`magnum` mode). */
  magnumMediaGroups?: NetworkingSecgroupV2[];
}

export function networkStack(app: App, env: Environment): NetworkStack {
  const stack = socleStack(app, env, 'network');
  const network = addPrivateNetwork(stack, env, 'network');
  new TerraformOutput(stack, 'network_id', { value: network.network.id, description: 'private network of the cluster' });
  new TerraformOutput(stack, 'subnet_id', { value: network.subnet.id, description: 'node subnet' });
  const mode = env.cluster.mode;
  if (mode === 'existing') return network;
  const groups = addSecurityGroups(stack, env, 'network', securityGroupSpecs(env).filter((s) => SECURITY_GROUPS_BY_MODE[mode].includes(s.name)));
  if (mode === 'instances') return { ...network, securityGroups: groups };
  return { ...network, magnumMediaGroups: SECURITY_GROUPS_BY_MODE.magnum.map((name) => groups[name]) };
}
