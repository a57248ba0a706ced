/**
 * Node pool placement. Every node carries `socle/pool=<role>` and the media and database pools are
 * tainted (RKE2 nodes at boot, `stacks/compute/rke2-cloud-init.ts`, a test keeps the two in step;
 * Magnum nodes from `socle deploy`; an existing cluster's from its operator: charts/README.md):
 * workloads select their pool from the sizing plan and tolerate its taint.
 */
import type { ComponentPlan } from '../../sizing/sizing-plan.js';

export const POOL_LABEL = 'socle/pool';

const TAINTED: ReadonlySet<ComponentPlan['pool']> = new Set(['media', 'database']);

export function poolSelector(pool: ComponentPlan['pool']): Record<string, string> {
  return { [POOL_LABEL]: pool };
}

export function poolTolerations(pool: ComponentPlan['pool']): { key: string; operator: 'Equal'; value: string; effect: 'NoSchedule' }[] {
  return TAINTED.has(pool) ? [{ key: POOL_LABEL, operator: 'Equal', value: pool, effect: 'NoSchedule' }] : [];
}

/** nodeSelector and tolerations of a pod on a pool, ready to spread into a pod spec. */
export function poolPlacement(pool: ComponentPlan['pool']) {
  const tolerations = poolTolerations(pool);
  return { nodeSelector: poolSelector(pool), ...(tolerations.length > 0 ? { tolerations } : {}) };
}
