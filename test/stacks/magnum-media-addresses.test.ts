/**
 * Magnum media nodes: public addresses and exactly the media ports, although Magnum makes the
 * nodes (the Magnum fixture, 4 media nodes, 2 running TURN).
 */
import { describe, expect, it } from 'vitest';
import { size } from '../../sizing/size.js';
import { MAGNUM_POD_CIDR, NODE_SUBNET_CIDR } from '../../stacks/networking/address-plan.js';
import { MAGNUM_FIXTURE } from '../charts/examples.js';
import { example, resources, stack } from './synthesized.js';

const magnum = example(MAGNUM_FIXTURE);
const plan = size(magnum);
const media = plan.nodePools.find((p) => p.role === 'media')!;
const turnNodes = plan.components.find((c) => c.name === 'coturn')!.replicas;
const cluster = stack(magnum, 'cluster');
const network = stack(magnum, 'network');
const indices = Array.from({ length: media.count }, (_, i) => i);
const NETWORK_ID = '${data.terraform_remote_state.cross-stack-reference-input-network.outputs.cross-stack-output-openstack_networking_network_v2privateid}';
const groupId = (name: string) => `\${data.terraform_remote_state.cross-stack-reference-input-network.outputs.cross-stack-output-openstack_networking_secgroup_v2${name}id}`;

describe(`Magnum media nodes (${MAGNUM_FIXTURE})`, () => {
  it('has media nodes and TURN to address (the fixture this file relies on)', () => {
    expect(media.count).toBe(4);
    expect(turnNodes).toBe(2);
  });

  it("finds each media node's port by the address Magnum reports for it, on socle's network", () => {
    const ports = cluster['data']['openstack_networking_port_ids_v2'];
    expect(Object.keys(ports)).toEqual(indices.map((i) => `media_${i}`));
    for (const i of indices) {
      expect(ports[`media_${i}`]).toMatchObject({ network_id: NETWORK_ID, fixed_ip: `\${openstack_containerinfra_cluster_v1.cluster.node_addresses.${i}}` });
    }
  });

  it('gives every media node a floating IP of its own, on that port, and no other node one', () => {
    const ips = resources(cluster, 'openstack_networking_floatingip_v2');
    expect(Object.keys(ips).sort()).toEqual(['ingress', ...indices.map((i) => `media_${i}`)].sort());
    for (const i of indices) {
      expect(ips[`media_${i}`]).toMatchObject({ pool: 'external', port_id: `\${data.openstack_networking_port_ids_v2.media_${i}.ids.0}` });
    }
  });

  it("replaces Magnum's groups on those ports with the media ports and the cluster's own networks only", () => {
    const associations = resources(cluster, 'openstack_networking_port_secgroup_associate_v2');
    expect(Object.keys(associations)).toEqual(indices.map((i) => `media_${i}`));
    for (const i of indices) {
      expect(associations[`media_${i}`]).toMatchObject({
        port_id: `\${data.openstack_networking_port_ids_v2.media_${i}.ids.0}`,
        security_group_ids: [groupId('cluster_internal'), groupId('media')],
        enforce: true,
      });
    }
  });

  it('opens exactly the media ports to the world, and everything only to the node subnet and the pod network', () => {
    const rules = Object.values(resources(network, 'openstack_networking_secgroup_rule_v2')).map((r) => [
      /secgroup_v2\.(\w+)\.id/.exec(r['security_group_id'])![1],
      r['protocol'] ?? 'any',
      r['port_range_min'] === undefined ? 'all' : `${r['port_range_min']}-${r['port_range_max']}`,
      r['remote_ip_prefix'],
    ]);
    expect(rules).toEqual([
      ['media', 'udp', '10000-10000', '0.0.0.0/0'],
      ['media', 'udp', '3478-3478', '0.0.0.0/0'],
      ['media', 'tcp', '3478-3478', '0.0.0.0/0'],
      ['media', 'udp', '49152-65535', '0.0.0.0/0'],
      ['cluster_internal', 'any', 'all', NODE_SUBNET_CIDR],
      // Calico on Magnum routes pod addresses unencapsulated: pods reach the bridges' host ports from them.
      ['cluster_internal', 'any', 'all', MAGNUM_POD_CIDR],
    ]);
  });

  it('outputs the media nodes with their public and private addresses, the first ones marked for TURN', () => {
    expect(cluster['output']['media_node_addresses']['value']).toEqual(
      indices.map((i) => ({
        name: `${MAGNUM_FIXTURE}-media-${i}`,
        zone: '',
        public_address: `\${openstack_networking_floatingip_v2.media_${i}.address}`,
        private_address: `\${openstack_containerinfra_cluster_v1.cluster.node_addresses.${i}}`,
        turn: i < turnNodes,
      })),
    );
  });
});
