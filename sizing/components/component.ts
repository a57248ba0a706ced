/** Building blocks for component plans. */
import type { ComponentPlan, HelperContainer, Resources } from '../sizing-plan.js';

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

/** A container beside the main one for the pod's life (requests = limits). */
export function sidecar(name: string, resources: Resources, rationale: string): HelperContainer {
  return { name, role: 'sidecar', resources, rationale };
}

/** A container that runs to completion before the pod's app containers start (requests = limits). */
export function initStep(name: string, resources: Resources, rationale: string): HelperContainer {
  return { name, role: 'init', resources, rationale };
}

/**
 * Two HAProxy replicas routing by a consistent hash of the room or document key (charts
 * platform/hash-router.ts): 250m / 128 MiB asked, 1 vCPU / 256 MiB limit — assumption (no vendor
 * figure; HAProxy forwards without TLS here, the gateway terminates it).
 */
export function hashRouterComponent(name: string, app: ComponentPlan['app'], rationale: string): ComponentPlan {
  return { name, app, kind: 'stateless', replicas: 2, requests: resources(250, 128), limits: resources(1000, 256), pool: 'general', spread: 'preferred', rationale };
}

/** MongoDB members copy their key file owner-only first (charts data/mongodb-replica-set.ts): one cp and chmod. */
export function mongoMembers(members: ComponentPlan): ComponentPlan {
  return { ...members, helpers: [initStep('keyfile', resources(50, 64), 'copies the replica set key file owner-only (one cp and chmod)')] };
}
