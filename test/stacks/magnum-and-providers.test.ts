/** `cluster.mode: magnum` on a cloud that runs it; never a service OVHcloud doesn't offer. */
import { describe, expect, it } from 'vitest';
import { size } from '../../sizing/size.js';
import { MAGNUM_POD_CIDR, NODE_SUBNET_CIDR } from '../../stacks/networking/address-plan.js';
import { MAGNUM_FIXTURE } from '../charts/examples.js';
import { example, resources, stack, stacksOf, variant } from './synthesized.js';

const magnum = example(MAGNUM_FIXTURE);
const cluster = stack(magnum, 'cluster');

describe(`cluster stack, magnum mode (${MAGNUM_FIXTURE})`, () => {
  it('creates a template, a cluster with the control plane and the media pool as its default workers, and a node group per other pool', () => {
    const plan = size(magnum);
    const pool = (role: string) => plan.nodePools.find((p) => p.role === role)!;
    expect(resources(cluster, 'openstack_containerinfra_clustertemplate_v1')['cluster']).toMatchObject({
      coe: 'kubernetes',
      // Magnum's driver boots its own image (Fedora CoreOS), not the instances' Debian.
      image: magnum.cluster.magnum!.image,
      master_flavor: pool('control-plane').flavor.name,
      flavor: pool('media').flavor.name,
      network_driver: 'calico',
      master_lb_enabled: true,
      floating_ip_enabled: false,
      // The pod network is pinned: the media nodes' security groups admit it.
      labels: { master_lb_allowed_cidrs: `198.51.100.0/24,${NODE_SUBNET_CIDR}`, calico_ipv4pool: MAGNUM_POD_CIDR, flannel_network_cidr: MAGNUM_POD_CIDR },
    });
    expect(resources(cluster, 'openstack_containerinfra_cluster_v1')['cluster']).toMatchObject({ master_count: 3, node_count: pool('media').count, floating_ip_enabled: false });
    const groups = resources(cluster, 'openstack_containerinfra_nodegroup_v1');
    expect(Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, [g['name'], g['role'], g['flavor_id'], g['node_count']]]))).toEqual({
      general: ['general', 'general', pool('general').flavor.name, pool('general').count],
      database: ['database', 'database', pool('database').flavor.name, pool('database').count],
    });
  });

  it('keeps the general pool as the default workers when there is no media pool (Jitsi off)', () => {
    const noJitsi = variant(magnum, (e) => (e.apps.jitsi.enabled = false));
    const plan = size(noJitsi);
    const doc = stack(noJitsi, 'cluster');
    expect(resources(doc, 'openstack_containerinfra_cluster_v1')['cluster']).toMatchObject({ node_count: plan.nodePools.find((p) => p.role === 'general')!.count });
    expect(Object.keys(resources(doc, 'openstack_containerinfra_nodegroup_v1'))).toEqual(['database']);
    expect(Object.keys(resources(doc, 'openstack_networking_floatingip_v2'))).toEqual(['ingress']);
    expect(doc['output']['media_node_addresses']).toBeUndefined();
  });

  it("creates no instances, and of the node security groups only the media nodes' (Magnum makes the others)", () => {
    expect(resources(cluster, 'openstack_compute_instance_v2')).toEqual({});
    expect(Object.keys(resources(stack(magnum, 'network'), 'openstack_networking_secgroup_v2'))).toEqual(['media', 'cluster_internal']);
  });

  it('pre-creates the ingress load balancer and its public address for the cloud controller to fill', () => {
    expect(Object.keys(resources(cluster, 'openstack_lb_loadbalancer_v2'))).toEqual(['ingress']);
    expect(resources(cluster, 'openstack_lb_listener_v2')).toEqual({});
    expect(cluster['output']['ingress_load_balancer_id']['value']).toBe('${openstack_lb_loadbalancer_v2.ingress.id}');
    // Not OVHcloud: no Octavia flavor names to look up.
    expect(cluster['data']?.['openstack_lb_flavor_v2']).toBeUndefined();
  });

  it("outputs Magnum's admin kubeconfig as a sensitive value", () => {
    expect(cluster['output']['kubeconfig']).toMatchObject({ value: '${openstack_containerinfra_cluster_v1.cluster.kubeconfig["raw_config"]}', sensitive: true });
  });

  it('refuses Magnum on OVHcloud, which offers none', () => {
    const env = variant(example('pilot'), (e) => (e.cluster.mode = 'magnum'));
    expect(() => stacksOf(env)).toThrow(/OVHcloud offers no Magnum/);
  });

  it('uses no Magnum or Designate resource on OVHcloud', () => {
    for (const name of ['pilot', 'metropole-9000'] as const) {
      const text = [...stacksOf(example(name)).values()].map((d) => Object.keys(d['resource'] ?? {}).join(' ')).join(' ');
      expect(text).not.toMatch(/containerinfra|openstack_dns_/);
    }
  });
});
