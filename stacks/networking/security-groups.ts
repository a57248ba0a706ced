/** Security groups and rules as resources, from the table in `security-rules.ts`. */
import type { TerraformStack } from '../cdktf.js';
import { NetworkingSecgroupRuleV2 } from '../generated/providers/openstack/networking-secgroup-rule-v2/index.js';
import { NetworkingSecgroupV2 } from '../generated/providers/openstack/networking-secgroup-v2/index.js';
import type { Environment } from '../../environments/environment.js';
import { address, objectName, resourceId, tags } from '../naming.js';
import type { SecurityGroupName, SecurityGroupSpec, SecurityRule } from './security-rules.js';

/** Stable per rule content, so adding a rule never renames the others. */
function ruleId(group: SecurityGroupName, rule: SecurityRule): string {
  const ports = rule.ports ? (rule.ports[0] === rule.ports[1] ? `${rule.ports[0]}` : `${rule.ports[0]}_${rule.ports[1]}`) : 'all';
  const from = 'cidr' in rule.from ? rule.from.cidr : rule.from.group;
  return resourceId(group, rule.protocol, ports, 'from', from);
}

export function addSecurityGroups(stack: TerraformStack, env: Environment, stackName: string, specs: SecurityGroupSpec[]): Record<SecurityGroupName, NetworkingSecgroupV2> {
  const groups = {} as Record<SecurityGroupName, NetworkingSecgroupV2>;
  for (const spec of specs) {
    groups[spec.name] = new NetworkingSecgroupV2(stack, address(NetworkingSecgroupV2, resourceId(spec.name)), {
      name: objectName(env, spec.name),
      description: spec.description,
      tags: tags(env, stackName),
    });
  }
  for (const spec of specs) {
    for (const rule of spec.rules) {
      new NetworkingSecgroupRuleV2(stack, address(NetworkingSecgroupRuleV2, ruleId(spec.name, rule)), {
        securityGroupId: groups[spec.name].id,
        description: rule.description,
        direction: 'ingress',
        ethertype: 'IPv4',
        ...(rule.protocol === 'any' ? {} : { protocol: rule.protocol }),
        ...(rule.ports ? { portRangeMin: rule.ports[0], portRangeMax: rule.ports[1] } : {}),
        ...('cidr' in rule.from ? { remoteIpPrefix: rule.from.cidr } : { remoteGroupId: groups[rule.from.group].id }),
      });
    }
  }
  return groups;
}
