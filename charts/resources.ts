/** Sizing-plan resources → Kubernetes resource requirements. */
import type { ComponentPlan, Resources, SizingPlan } from '../sizing/sizing-plan.js';

export interface ResourceRequirements {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

const quantity = (r: Resources) => ({ cpu: `${r.cpuMillicores}m`, memory: `${r.memoryMiB}Mi` });

export function resourceRequirements(plan: Pick<ComponentPlan, 'requests' | 'limits'>): ResourceRequirements {
  return { requests: quantity(plan.requests), limits: quantity(plan.limits) };
}

/** Small fixed resources for helper containers (init, sidecars) that the plan doesn't size. */
export function sidecarResources(cpuMillicores: number, memoryMiB: number): ResourceRequirements {
  const r = { cpuMillicores, memoryMiB };
  return resourceRequirements({ requests: r, limits: r });
}

/** The component plan by name; throws when the sizing plan lacks it (a contract break, not user input). */
export function component(plan: SizingPlan, name: string): ComponentPlan {
  const found = plan.components.find((c) => c.name === name);
  if (!found) throw new Error(`sizing plan "${plan.environment}" has no component "${name}"`);
  return found;
}

/** The component plan by name, or `undefined` when this edition/size doesn't run it. */
export function optionalComponent(plan: SizingPlan, name: string): ComponentPlan | undefined {
  return plan.components.find((c) => c.name === name);
}
