/**
 * What the cloud gives back or enforces, and what socle writes so that the plan stays quiet and
 * the cluster stays reachable: OS1 (allowed CIDRs as Octavia returns them), OS8 (idle timeouts of
 * the API listeners), OS3 (the OVHcloud resolver), O4/O5 (Magnum API floating IP, Kubernetes tag).
 */
import { describe, expect, it } from 'vitest';
import { MAGNUM_FIXTURE } from '../charts/examples.js';
import { example, resources, stack, variant } from './synthesized.js';

const metropole = example('metropole-9000');
const listeners = resources(stack(metropole, 'cluster'), 'openstack_lb_listener_v2');

/**
 * Octavia keeps allowed CIDRs in `listener_cidr` with primary key (listener_id, cidr) and lists
 * them from that relationship, i.e. in key order; the provider stores the list as returned
 * (v3.4.0 resource_openstack_lb_listener_v2.go L348) and diffs it element by element (TypeList).
 */
function octaviaReturns(cidrs: string[]): string[] {
  return [...cidrs].sort();
}

describe('cloud normalisation', () => {
  it('OS1: writes allowed CIDRs in the order Octavia returns them, so a plan after apply shows no change', () => {
    const wide = variant(metropole, (e) => (e.cluster.adminCidrs = ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24']));
    for (const listener of Object.values(resources(stack(wide, 'cluster'), 'openstack_lb_listener_v2'))) {
      const written = listener['allowed_cidrs'] as string[] | undefined;
      if (written) expect(octaviaReturns(written)).toEqual(written);
    }
  });

  it('OS8: keeps idle API and supervisor connections for an hour, and leaves the ingress at Octavia defaults', () => {
    for (const name of ['kubernetes_api_kubernetes', 'kubernetes_api_supervisor']) {
      expect(listeners[name]).toMatchObject({ timeout_client_data: 3_600_000, timeout_member_data: 3_600_000 });
    }
    expect(listeners['ingress_https']!['timeout_client_data']).toBeUndefined();
  });

  it("OS3: gives OVHcloud nodes OVHcloud's resolver, and another cloud's nodes their DHCP default", () => {
    expect(resources(stack(metropole, 'network'), 'openstack_networking_subnet_v2')['nodes']!['dns_nameservers']).toEqual(['213.186.33.99']);
    const cleura = resources(stack(example('departement-cleura'), 'network'), 'openstack_networking_subnet_v2')['nodes']!;
    expect(cleura['dns_nameservers']).toBeUndefined();
  });

  it('O4/O5: Magnum puts a floating IP on the API load balancer when admin CIDRs may reach it, and installs the pinned Kubernetes tag', () => {
    const template = (env: typeof metropole) => resources(stack(env, 'cluster'), 'openstack_containerinfra_clustertemplate_v1')['cluster']!;
    const magnum = example(MAGNUM_FIXTURE);
    expect(template(magnum)['labels']).toMatchObject({ master_lb_floating_ip_enabled: String(magnum.cluster.adminCidrs.length > 0), kube_tag: 'v1.36.4' });
    expect(template(variant(magnum, (e) => (e.cluster.adminCidrs = [])))['labels']['master_lb_floating_ip_enabled']).toBe('false');
  });
});
