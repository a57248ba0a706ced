/**
 * What the scheduler counts for one pod: the sum of its app containers' requests (sidecars
 * included, as they run beside them), or its largest init container's if that is more — init
 * containers run one after another, before the app containers start. kube-scheduler's
 * NodeResourcesFit takes this from `resource.PodRequests` (kubernetes
 * pkg/scheduler/framework/plugins/noderesources/fit.go `computePodResourceRequest`;
 * staging/src/k8s.io/component-helpers/resource/helpers.go `PodRequests`/`AggregateContainerRequests`,
 * the formula of KEP-753 "sidecar containers", unchanged since the sidecars went GA in v1.33):
 * max(sum(containers) + sum(restartable init containers), each init container + the restartable
 * ones started before it). socle's helpers are plain init containers or app-container sidecars.
 */
import type { ComponentPlan, Resources } from './sizing-plan.js';

export function podRequests(c: Pick<ComponentPlan, 'requests' | 'helpers'>): Resources {
  const helpers = c.helpers ?? [];
  const running = helpers.filter((h) => h.role === 'sidecar').reduce<Resources>((sum, h) => ({ cpuMillicores: sum.cpuMillicores + h.resources.cpuMillicores, memoryMiB: sum.memoryMiB + h.resources.memoryMiB }), c.requests);
  return helpers
    .filter((h) => h.role === 'init')
    .reduce<Resources>((max, h) => ({ cpuMillicores: Math.max(max.cpuMillicores, h.resources.cpuMillicores), memoryMiB: Math.max(max.memoryMiB, h.resources.memoryMiB) }), running);
}
