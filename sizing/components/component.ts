/** Building blocks for component plans. */
import type { ComponentPlan, Resources } from '../sizing-plan.js';

export const GiB = 1024;

export function resources(cpuMillicores: number, memoryMiB: number): Resources {
  return { cpuMillicores, memoryMiB };
}

/** N+1: the replicas the load needs, plus one to lose, never fewer than `minimum`. */
export function withSpare(needed: number, minimum = 2): number {
  return Math.max(minimum, needed + 1);
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A replicated data store member set (3 members, on the database pool). */
export function dataStore(
  name: string,
  app: ComponentPlan['app'],
  requests: ComponentPlan['requests'],
  volumeGi: number,
  rationale: string,
  members = 3,
): ComponentPlan {
  return {
    name,
    app,
    kind: 'stateful',
    replicas: members,
    requests,
    limits: requests,
    volume: { sizeGi: volumeGi, class: 'fast' },
    pool: 'database',
    // Members never share a node (charts: hard hostname spread, CNPG required anti-affinity).
    spread: 'one-per-node',
    rationale,
  };
}
