/** No administration port (SSH, Kubernetes API, etcd, databases) reachable from the whole Internet. */
import { manifestPointer } from '../artifacts/kubernetes.js';
import { dig, isObject } from '../artifacts/json.js';
import type { Policy, Violation } from '../policy.js';
import { adminServicesIn, WORLD } from './admin-ports.js';

const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : fallback);

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
    artifacts.environment.cluster.adminCidrs.forEach((cidr, i) => {
      if (WORLD.includes(cidr)) out.push({ resource: 'environment/cluster.adminCidrs', message: `admin CIDR ${cidr} opens SSH and the Kubernetes API to the whole Internet`, evidence: { file: 'environment.json', pointer: `/cluster/adminCidrs/${i}`, value: cidr } });
    });
    for (const config of artifacts.terraform) {
      for (const r of config.resources) {
        const v = r.values;
        const resource = `${config.addressPrefix}/${r.address}`;
        if (r.type === 'openstack_networking_secgroup_rule_v2') {
          if (v['direction'] === 'egress' || v['protocol'] === 'icmp' || v['protocol'] === 'ipv6-icmp') continue;
          const prefix = v['remote_ip_prefix'];
          // A source known only after apply (a plan's remote group being created) is a source, not "any".
          const source = (key: string) => Boolean(v[key]) || r.unknownAfterApply?.has(key) === true;
          const fromWorld = (typeof prefix === 'string' && WORLD.includes(prefix)) || ((prefix === undefined || prefix === null || prefix === '') && !source('remote_group_id') && !source('remote_address_group_id'));
          if (!fromWorld) continue;
          const services = adminServicesIn(num(v['port_range_min'], 1), num(v['port_range_max'], 65535));
          if (services.length) out.push({ resource, message: `security group rule opens ${services.join(', ')} to ${typeof prefix === 'string' && prefix ? prefix : 'any source (no remote_ip_prefix)'}`, evidence: { file: config.file, pointer: r.pointer, value: { port_range_min: v['port_range_min'] ?? null, port_range_max: v['port_range_max'] ?? null, remote_ip_prefix: prefix ?? null } } });
        } else if (r.type === 'openstack_lb_listener_v2') {
          const port = num(v['protocol_port'], -1);
          const services = adminServicesIn(port, port);
          const allowed = v['allowed_cidrs'];
          const open = !Array.isArray(allowed) || allowed.length === 0 || allowed.some((c) => WORLD.includes(String(c)));
          if (services.length && open) out.push({ resource, message: `load balancer listener exposes ${services.join(', ')} with ${Array.isArray(allowed) && allowed.length ? `allowed_cidrs ${allowed.join(', ')}` : 'no allowed_cidrs (any source)'}`, evidence: { file: config.file, pointer: r.pointer, value: { protocol_port: port, allowed_cidrs: allowed ?? null } } });
        }
      }
    }
    for (const object of artifacts.objects) {
      if (object.kind !== 'Service' || dig(object.object, 'spec', 'type') !== 'LoadBalancer') continue;
      const ranges = dig(object.object, 'spec', 'loadBalancerSourceRanges');
      if (Array.isArray(ranges) && ranges.length > 0 && !ranges.some((c) => WORLD.includes(String(c)))) continue;
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
