/** Security groups: exactly the rules of least exposure, nothing public on admin ports. */
import { describe, expect, it } from 'vitest';
import { example, resources, stack, variant, type TfDoc } from './synthesized.js';

const ADMIN_PORTS = [22, 6443, 9345];

function rules(doc: TfDoc): { group: string; protocol: string; ports: string; from: string }[] {
  return Object.values(resources(doc, 'openstack_networking_secgroup_rule_v2')).map((r) => ({
    group: /secgroup_v2\.(\w+)\.id/.exec(r['security_group_id'])![1]!,
    protocol: r['protocol'] ?? 'any',
    ports: r['port_range_min'] === undefined ? 'all' : `${r['port_range_min']}-${r['port_range_max']}`,
    from: r['remote_ip_prefix'] ?? `group:${/secgroup_v2\.(\w+)\.id/.exec(r['remote_group_id'])![1]}`,
  }));
}

describe('security groups', () => {
  it('hold exactly the least-exposure rules (pilot, one admin CIDR)', () => {
    expect(rules(stack(example('pilot'), 'network'))).toEqual([
      { group: 'nodes', protocol: 'any', ports: 'all', from: 'group:nodes' },
      { group: 'nodes', protocol: 'tcp', ports: '22-22', from: '203.0.113.0/24' },
      { group: 'control_plane', protocol: 'tcp', ports: '6443-6443', from: '10.20.0.0/20' },
      { group: 'control_plane', protocol: 'tcp', ports: '9345-9345', from: '10.20.0.0/20' },
      { group: 'ingress_backend', protocol: 'tcp', ports: '30080-30080', from: '10.20.0.0/20' },
      { group: 'ingress_backend', protocol: 'tcp', ports: '30443-30443', from: '10.20.0.0/20' },
      { group: 'media', protocol: 'udp', ports: '10000-10000', from: '0.0.0.0/0' },
      { group: 'media', protocol: 'udp', ports: '3478-3478', from: '0.0.0.0/0' },
      { group: 'media', protocol: 'tcp', ports: '3478-3478', from: '0.0.0.0/0' },
      { group: 'media', protocol: 'udp', ports: '49152-65535', from: '0.0.0.0/0' },
    ]);
  });

  it('open nothing to 0.0.0.0/0 but the media ports', () => {
    for (const name of ['pilot', 'metropole-9000'] as const) {
      const open = rules(stack(example(name), 'network')).filter((r) => r.from === '0.0.0.0/0');
      expect(open.every((r) => r.group === 'media' && !ADMIN_PORTS.some((p) => r.ports === `${p}-${p}`))).toBe(true);
    }
  });

  it('open no TURN-over-TLS port on the media nodes: turns.<domain> arrives on 443 at the ingress', () => {
    for (const name of ['pilot', 'metropole-9000'] as const) {
      const media = rules(stack(example(name), 'network')).filter((r) => r.group === 'media');
      expect(media.filter((r) => r.protocol === 'tcp').map((r) => r.ports)).toEqual(['3478-3478']);
    }
  });

  it('allow SSH from nowhere when there are no admin CIDRs (the default)', () => {
    const closed = rules(stack(variant(example('pilot'), (e) => (e.cluster.adminCidrs = [])), 'network'));
    expect(closed.filter((r) => r.ports === '22-22')).toEqual([]);
  });

  it('put each pool only in the groups it needs: media ports on media nodes, ingress ports on general nodes', () => {
    const ports = resources(stack(example('pilot'), 'cluster'), 'openstack_networking_port_v2');
    const groupsOf = (name: string) => (ports[name]!['security_group_ids'] as string[]).map((g) => /secgroup_v2(\w+)id/.exec(g.replace(/[^\w]/g, ''))?.[1] ?? g);
    expect(groupsOf('media_0')).toEqual(['nodes', 'media']);
    expect(groupsOf('general_0')).toEqual(['nodes', 'ingress_backend']);
    expect(groupsOf('database_0')).toEqual(['nodes']);
    expect(groupsOf('control_plane_0')).toEqual(['nodes', 'control_plane']);
  });
});
