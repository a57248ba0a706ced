/**
 * The backups' PriorityClass: below every service (pods without a class run at priority 0, as
 * no class is the global default), so that after a node loss the scheduler may evict a running
 * backup to place a service pod that no longer finds room (kubernetes.io/docs/concepts/
 * scheduling-eviction/pod-priority-preemption, "Preemption"). `preemptionPolicy: Never`: a backup
 * waits for room and never evicts anything itself ("Non-preempting PriorityClass", same page).
 * The sizing plan counts on it: its node-loss check re-places services only, evicting backups
 * where it must (sizing/packing.ts `preemptFor`).
 */
import type { KubeObject } from '../kube-object.js';
import { MANAGED_BY } from '../labels.js';

export const BACKUP_PRIORITY_CLASS = 'socle-backups';

/**
 * Below the services' 0; any value under it would do. The API server accepts any 32-bit value up
 * to 1,000,000,000 that a name not starting with `system-` carries (pkg/apis/scheduling/validation).
 */
const BACKUP_PRIORITY = -100;

export function backupPriorityClass(): KubeObject {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: BACKUP_PRIORITY_CLASS, labels: { 'app.kubernetes.io/managed-by': MANAGED_BY } },
    value: BACKUP_PRIORITY,
    globalDefault: false,
    preemptionPolicy: 'Never',
  };
}
