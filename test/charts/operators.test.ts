/** The operators' Helm releases: pinned, phone-home off, and the edge exposed as the infrastructure expects. */
import { describe, expect, it } from 'vitest';
import { operatorReleases } from '../../charts/operators.js';
import { INGRESS_NODE_PORTS } from '../../stacks/lb/ingress-ports.js';
import { NODE_SUBNET_CIDR } from '../../stacks/networking/address-plan.js';
import { size } from '../../sizing/size.js';
import { loadExample, variant } from './examples.js';

const traefik = (env: ReturnType<typeof loadExample>, deploy = {}) => {
  const release = operatorReleases(env, size(env), deploy).find((r) => r.name === 'traefik');
  if (!release) throw new Error('no traefik release');
  return release.values as Record<string, any>;
};

describe('operator releases', () => {
  it('pin exact chart versions and come from the mirror when one is set', () => {
    const env = loadExample('metropole-9000');
    for (const r of operatorReleases(env, size(env))) {
      expect(r.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(r.chart).toBe(`oci://${env.images.mirror}/charts/${r.name}`);
    }
    const upstream = operatorReleases(variant(env, (e) => (e.images = {})), size(env));
    expect(upstream.map((r) => r.repository)).toEqual(['https://charts.jetstack.io', 'https://cloudnative-pg.github.io/charts', 'https://traefik.github.io/charts']);
  });

  it('turn off Traefik’s update check and usage statistics', () => {
    expect(traefik(loadExample('pilot')).globalArguments).toEqual(['--global.checknewversion=false', '--global.sendanonymoususage=false']);
  });

  it('expose the edge on the NodePorts the ingress load balancer targets, trusting its PROXY header (instances)', () => {
    const v = traefik(loadExample('pilot'));
    expect([v.ports.web.nodePort, v.ports.websecure.nodePort]).toEqual([INGRESS_NODE_PORTS.http, INGRESS_NODE_PORTS.https]);
    expect(v.ports.websecure.proxyProtocol.trustedIPs).toEqual([NODE_SUBNET_CIDR]);
    expect(v.ports.web.redirections.entryPoint).toEqual({ to: 'websecure', scheme: 'https', permanent: true });
    expect(v.service.type).toBe('NodePort');
  });

  it('adopt the load balancer the cluster stack created (Magnum)', () => {
    const v = traefik(loadExample('departement-cleura'), { ingressLoadBalancerId: 'lb-123' });
    expect(v.service).toEqual({ type: 'LoadBalancer', annotations: { 'loadbalancer.openstack.org/proxy-protocol': 'true', 'loadbalancer.openstack.org/load-balancer-id': 'lb-123' } });
  });
});
