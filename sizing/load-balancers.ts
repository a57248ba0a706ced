/** Octavia load balancers: the HTTPS ingress, sized by peak traffic; the Kubernetes API. */
import type { Environment } from '../environments/environment.js';
import { INGRESS_MBPS_PER_CONCURRENT_USER } from './assumptions.js';
import type { LoadBalancerPlan, SizingPlan } from './sizing-plan.js';

// OVHcloud Octavia sizes: small 200 Mbit/s, medium 500, large 2 Gbit/s, xl 4 Gbit/s. The flavor
// names are the ones OVHcloud's resize dialog offers — small, medium, large, xl (ovh/docs
// pages/public_cloud/public_cloud_network_services/update-load-balancer-size/guide.en-gb.md,
// updated 2024-12-10; review OS2 read an older guide listing three).
const SIZES: [LoadBalancerPlan['size'], number][] = [
  ['small', 200],
  ['medium', 500],
  ['large', 2000],
  ['xl', 4000],
];

export function loadBalancers(env: Environment, load: SizingPlan['load']): LoadBalancerPlan[] {
  const mbps = load.concurrentUsers * INGRESS_MBPS_PER_CONCURRENT_USER;
  const size = (SIZES.find(([, cap]) => mbps <= cap) ?? SIZES[SIZES.length - 1]!)[0];
  const lbs: LoadBalancerPlan[] = [{ name: 'ingress', size, purpose: `HTTPS to the apps: ${mbps} Mbit/s at peak (${INGRESS_MBPS_PER_CONCURRENT_USER} Mbit/s per concurrent user)` }];
  if (env.cluster.mode === 'instances') lbs.push({ name: 'kubernetes-api', size: 'small', purpose: 'Kubernetes API in front of the 3 control-plane nodes' });
  return lbs;
}
