/**
 * The nightly backup jobs (with `backups:`): a copy of each file bucket and a dump of each MongoDB
 * replica set, all started at `backups.schedule` on the general pool (charts data/bucket-backup.ts,
 * data/mongodb-backup.ts). They run for hours on a large bucket, so the pool holds them beside the
 * services. PostgreSQL backs up from its own members (CloudNativePG's WAL archiving): no job.
 */
import type { Environment } from '../../environments/environment.js';
import type { ComponentPlan } from '../sizing-plan.js';
import { initStep, resources } from './component.js';

/** rclone sync with its default 4 transfers and 8 checkers: half a vCPU and 512 MiB — assumption (no vendor figure). */
const RCLONE_SYNC = resources(500, 512);

function job(name: string, app: ComponentPlan['app'], requests: ComponentPlan['requests'], rationale: string, helpers?: ComponentPlan['helpers']): ComponentPlan {
  // Preemptible: a backup evicted after a node loss waits for room (within its job's deadline) or
  // runs the next night, within the retention it keeps; the services it would crowd out serve users now.
  return { name, app, kind: 'cron', replicas: 1, requests, limits: requests, ...(helpers ? { helpers } : {}), pool: 'general', spread: 'preferred', preemptible: true, rationale };
}

/** A MongoDB dump (mongodump --gzip, the init container) then its upload (rclone copy). */
function mongoDump(name: string, app: ComponentPlan['app']): ComponentPlan {
  return job(name, app, resources(250, 256), 'nightly: mongodump of a secondary, then one rclone upload (assumption: no vendor figure)', [
    initStep('dump', resources(500, 512), 'mongodump --gzip of the replica set (assumption)'),
  ]);
}

export function backupComponents(env: Environment): ComponentPlan[] {
  if (!env.backups) return [];
  const { apps } = env;
  return [
    ...(apps.nextcloud.enabled ? [job('nextcloud-data-backup', 'nextcloud', RCLONE_SYNC, 'nightly rclone sync of the Nextcloud files bucket to the backup region')] : []),
    ...(apps.rocketchat.enabled ? [job('attachments-backup', 'rocketchat', RCLONE_SYNC, 'nightly rclone sync of the attachments bucket to the backup region'), mongoDump('rocketchat-mongodb-backup', 'rocketchat')] : []),
    ...(apps.wekan.enabled ? [mongoDump('wekan-mongodb-backup', 'wekan')] : []),
  ];
}
