/** Platform pieces every app shares: the HTTPS ingress gateway. */
import type { ComponentPlan } from '../sizing-plan.js';
import { resources } from './component.js';

export function platformComponents(zones: number): ComponentPlan[] {
  return [
    {
      name: 'ingress',
      app: 'platform',
      kind: 'stateless',
      replicas: Math.max(2, zones),
      // Assumption: no vendor figure for the gateway; its work is TLS and proxying at the peak rate.
      requests: resources(500, 512),
      limits: resources(2000, 1024),
      pool: 'general',
      spread: 'preferred',
      rationale: 'HTTPS gateway behind the load balancer: one per zone, at least 2',
    },
  ];
}
