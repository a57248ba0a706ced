/** The `network` stack: private network, router, security groups. Changes rarely; the cluster sits on it. */
import type { Environment } from '../environments/environment.js';
import type { App } from './cdktf.js';
import { TerraformOutput } from './cdktf.js';
import type { NetworkingSecgroupV2 } from './generated/providers/openstack/networking-secgroup-v2/index.js';
import { addPrivateNetwork, type PrivateNetwork } from './networking/private-network.js';
import { addSecurityGroups } from './networking/security-groups.js';
import { securityGroupSpecs, type SecurityGroupName } from './networking/security-rules.js';
import { socleStack } from './socle-stack.js';

export interface NetworkStack extends PrivateNetwork {
  /** Node security groups; none in `magnum` mode, where Magnum manages its own. */
  securityGroups?: Record<SecurityGroupName, NetworkingSecgroupV2>;
}

export function networkStack(app: App, env: Environment): NetworkStack {
  const stack = socleStack(app, env, 'network');
  const network = addPrivateNetwork(stack, env, 'network');
  new TerraformOutput(stack, 'network_id', { value: network.network.id, description: 'private network of the cluster' });
  new TerraformOutput(stack, 'subnet_id', { value: network.subnet.id, description: 'node subnet' });
  if (env.cluster.mode !== 'instances') return network;
  return { ...network, securityGroups: addSecurityGroups(stack, env, 'network', securityGroupSpecs(env)) };
}
