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

/** Small fixed resources for the containers of one-shot Jobs (run at deploy time: the plan places no pod for them). */
export function jobResources(cpuMillicores: number, memoryMiB: number): ResourceRequirements {
  const r = { cpuMillicores, memoryMiB };
  return resourceRequirements({ requests: r, limits: r });
}

/** A helper container's resources as the plan sizes them (sizing/components; requests = limits). */
export function helperResources(plan: Pick<ComponentPlan, 'name' | 'helpers'>, name: string): ResourceRequirements {
  const helper = plan.helpers?.find((h) => h.name === name);
  if (!helper) throw new Error(`component "${plan.name}" has no helper container "${name}" in the sizing plan`);
  return resourceRequirements({ requests: helper.resources, limits: helper.resources });
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
