/** No administration port (SSH, Kubernetes API, etcd, databases) reachable from the whole Internet. */
import { manifestPointer } from '../artifacts/kubernetes.js';
import { dig, isObject } from '../artifacts/json.js';
import type { Policy, Violation } from '../policy.js';
import type { TerraformResource } from '../artifacts/terraform.js';
import { ADMIN_PORTS, adminServicesIn } from './admin-ports.js';
import { isWorldOpen, worldCover, worldOpenFamilies } from './world-open.js';

const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : fallback);

const isIngressRule = (r: TerraformResource) => r.type === 'openstack_networking_secgroup_rule_v2' && r.values['direction'] !== 'egress' && r.values['protocol'] !== 'icmp' && r.values['protocol'] !== 'ipv6-icmp';
const portRange = (r: TerraformResource): [number, number] => [num(r.values['port_range_min'], 1), num(r.values['port_range_max'], 65535)];

/**
 * The other rules of the same security group (same config) that let the same admin port in from
 * an address range: split prefixes (`0.0.0.0/1` + `128.0.0.0/1`) open the world only together.
 */
function worldTogether(rule: TerraformResource, rules: readonly TerraformResource[]): { others: string[]; families: string[] } {
  const [min, max] = portRange(rule);
  for (const { port } of ADMIN_PORTS.filter((p) => p.port >= min && p.port <= max)) {
    const siblings = rules.filter((r) => r !== rule && JSON.stringify(r.values['security_group_id']) === JSON.stringify(rule.values['security_group_id']) && portRange(r)[0] <= port && port <= portRange(r)[1] && typeof r.values['remote_ip_prefix'] === 'string');
    const prefixes = [rule.values['remote_ip_prefix'], ...siblings.map((r) => r.values['remote_ip_prefix'])].map(String);
    // Only the rules the opening needs: a narrow rule beside them (the admins' CIDR) is not at fault.
    const cover = worldCover(prefixes);
    if (cover.includes(prefixes[0]!)) return { others: cover.filter((c, i) => i !== cover.indexOf(prefixes[0]!)), families: worldOpenFamilies(cover) };
  }
  return { others: [], families: [] };
}

export const securityAdminPorts: Policy = {
  id: 'security-admin-ports',
  title: 'No administration port is open to the world',
  category: 'security',
  severity: 'critical',
  rationale:
    'SSH, the Kubernetes API, etcd, kubelets and databases exposed to 0.0.0.0/0 are scanned within minutes and brute-forced or exploited; ANSSI requires administration flows from dedicated, filtered sources only.',
  remediation: 'List the administrators’ networks in `cluster.adminCidrs`; security group rules and load balancer listeners for admin ports must name those CIDRs (or a remote security group), never 0.0.0.0/0 or ::/0.',
  references: [
    { title: 'ANSSI, Recommandations relatives à l’administration sécurisée des SI' },
    { title: 'ANSSI Guide d’hygiène informatique (filtering administration flows)' },
    { title: 'Checkov CKV_OPENSTACK_2/3 (SSH/RDP from 0.0.0.0/0)', url: 'https://www.checkov.io/5.Policy%20Index/terraform.html' },
  ],
  check(artifacts) {
    const out: Violation[] = [];
    const adminCidrs = artifacts.environment.cluster.adminCidrs;
    adminCidrs.forEach((cidr, i) => {
      if (isWorldOpen([cidr])) out.push({ resource: 'environment/cluster.adminCidrs', message: `admin CIDR ${cidr} opens SSH and the Kubernetes API to the whole Internet`, evidence: { file: 'environment.json', pointer: `/cluster/adminCidrs/${i}`, value: cidr } });
    });
    if (!adminCidrs.some((c) => isWorldOpen([c])) && isWorldOpen(adminCidrs)) {
      out.push({ resource: 'environment/cluster.adminCidrs', message: `admin CIDRs ${adminCidrs.join(', ')} together open SSH and the Kubernetes API to the whole ${worldOpenFamilies(adminCidrs).join(' and ')} Internet`, evidence: { file: 'environment.json', pointer: '/cluster/adminCidrs', value: adminCidrs } });
    }
    for (const config of artifacts.terraform) {
      const ingress = config.resources.filter(isIngressRule);
      for (const r of config.resources) {
        const v = r.values;
        const resource = `${config.addressPrefix}/${r.address}`;
        if (r.type === 'openstack_networking_secgroup_rule_v2') {
          if (!isIngressRule(r)) continue;
          const prefix = v['remote_ip_prefix'];
          // A source known only after apply (a plan's remote group being created) is a source, not "any".
          const hasSource = (key: string) => Boolean(v[key]) || r.unknownAfterApply?.has(key) === true;
          const together = typeof prefix === 'string' && !isWorldOpen([prefix]) ? worldTogether(r, ingress) : { others: [], families: [] };
          const fromWorld = (typeof prefix === 'string' && isWorldOpen([prefix])) || together.families.length > 0 || ((prefix === undefined || prefix === null || prefix === '') && !hasSource('remote_group_id') && !hasSource('remote_address_group_id'));
          if (!fromWorld) continue;
          const services = adminServicesIn(...portRange(r));
          const source = typeof prefix === 'string' && prefix ? prefix : 'any source (no remote_ip_prefix)';
          const with_ = together.families.length ? `, which with ${together.others.join(', ')} (same security group) covers the whole ${together.families.join(' and ')} Internet` : '';
          if (services.length) out.push({ resource, message: `security group rule opens ${services.join(', ')} to ${source}${with_}`, evidence: typeof prefix === 'string' && prefix ? { file: config.file, pointer: `${r.pointer}/remote_ip_prefix`, value: prefix } : { file: config.file, pointer: r.pointer, value: { remote_ip_prefix: prefix ?? null } } });
        } else if (r.type === 'openstack_lb_listener_v2') {
          const port = num(v['protocol_port'], -1);
          const services = adminServicesIn(port, port);
          const allowed = v['allowed_cidrs'];
          const open = !Array.isArray(allowed) || allowed.length === 0 || isWorldOpen(allowed);
          if (services.length && open) out.push({ resource, message: `load balancer listener exposes ${services.join(', ')} with ${Array.isArray(allowed) && allowed.length ? `allowed_cidrs ${allowed.join(', ')}` : 'no allowed_cidrs (any source)'}`, evidence: Array.isArray(allowed) ? { file: config.file, pointer: `${r.pointer}/allowed_cidrs`, value: allowed } : { file: config.file, pointer: r.pointer, value: { allowed_cidrs: null } } });
        }
      }
    }
    for (const object of artifacts.objects) {
      if (object.kind !== 'Service' || dig(object.object, 'spec', 'type') !== 'LoadBalancer') continue;
      const ranges = dig(object.object, 'spec', 'loadBalancerSourceRanges');
      if (Array.isArray(ranges) && ranges.length > 0 && !isWorldOpen(ranges)) continue;
      const ports = dig(object.object, 'spec', 'ports');
      (Array.isArray(ports) ? ports : []).forEach((p, i) => {
        const port = isObject(p) ? num(p['port'], -1) : -1;
        const services = adminServicesIn(port, port);
        if (services.length) out.push({ resource: object.address, message: `LoadBalancer Service exposes ${services.join(', ')} with no loadBalancerSourceRanges restriction`, evidence: { file: object.file, pointer: manifestPointer(object, 'spec', 'ports', i), value: port } });
      });
    }
    return out;
  },
};
