/** Nextcloud: PHP app pods, background jobs, client push, PostgreSQL, Redis. */
import type { Environment } from '../../environments/environment.js';
import { NEXTCLOUD_MIB_PER_WORKER, NEXTCLOUD_WORKERS_PER_POD, QUORUM_MEMBERS } from '../assumptions.js';
import type { ComponentPlan, SizingPlan } from '../sizing-plan.js';
import { clamp, dataStore, GiB, initStep, resources, sidecar, withSpare } from './component.js';

export function nextcloudComponents(env: Environment, load: SizingPlan['load']): ComponentPlan[] {
  const podsForLoad = Math.ceil(load.phpWorkers / NEXTCLOUD_WORKERS_PER_POD);
  const replicas = withSpare(podsForLoad);
  // Each pod runs the peak's workers shared over the replicas: the chart writes that into
  // pm.max_children (charts/apps/nextcloud/nextcloud.ts, nextcloudFpmPool). Memory: 512 MB per worker, plus 1 GiB
  // for nginx, opcache and APCu.
  const workersPerPod = Math.max(1, Math.ceil(load.phpWorkers / replicas));
  const appMemory = workersPerPod * NEXTCLOUD_MIB_PER_WORKER + GiB;
  const thousands = Math.ceil(env.users / 1000);
  // PostgreSQL memory: 8 GiB per 1,000 users between 16 and 64 GiB, one vCPU per 8 GiB — assumption.
  // Nextcloud's (2016–17, physical servers) 64 GB ≤ 1,000 users and 128 GB ≥ 5,000 users per DB
  // server (nextcloud/documentation deployment_recommendations.rst @06a55ef) is the upper bound.
  const pgMemoryGi = clamp(8 * thousands, 16, 64);
  // Redis memory: 2 / 4 / 8 GiB for ≤ 1,000 / ≤ 3,000 / more users (sizing D.2, sessions + locking).
  const redisGi = env.users <= 1000 ? 2 : env.users <= 3000 ? 4 : 8;
  // Every PHP pod first unpacks the pinned apps into its own copy of the code (charts
  // apps/nextcloud/nextcloud.ts, prepareContainer): one archive of tens of MB at a time — assumption.
  const prepare = initStep('prepare', resources(500, 512), 'unpacks the pinned apps one archive at a time (tens of MB); CPU only for the seconds of the copy');
  return [
    {
      name: 'nextcloud-app',
      app: 'nextcloud',
      kind: 'stateless',
      replicas,
      requests: resources(2000, appMemory),
      limits: resources(4000, appMemory + GiB),
      helpers: [prepare, sidecar('nginx', resources(250, 256), "serves the static files and hands PHP to the pod's FPM (assumption: no vendor figure)")],
      pool: 'general',
      spread: 'preferred',
      rationale: `${load.phpWorkers} PHP workers at peak (${load.nextcloudRequestsPerSecond} req/s × 0.25 s × 4) / at most ${NEXTCLOUD_WORKERS_PER_POD} per pod = ${podsForLoad}, +1 spare, at least 2; ${workersPerPod} workers per pod × 512 MB + 1 GiB`,
    },
    {
      name: 'nextcloud-cron',
      app: 'nextcloud',
      kind: 'cron',
      replicas: 1,
      requests: resources(500, GiB),
      limits: resources(1000, 2 * GiB),
      helpers: [prepare],
      pool: 'general',
      spread: 'preferred',
      rationale: 'background jobs every 5 minutes (Nextcloud recommends system cron); one run at a time',
    },
    {
      name: 'nextcloud-push',
      app: 'nextcloud',
      kind: 'stateless',
      replicas: 2,
      requests: resources(250, 256),
      limits: resources(1000, 512),
      pool: 'general',
      spread: 'preferred',
      rationale: 'notify_push holds client connections; 2 replicas for availability',
    },
    dataStore(
      'nextcloud-postgresql',
      'nextcloud',
      resources((pgMemoryGi / 8) * 1000, pgMemoryGi * GiB),
      20 + 10 * thousands,
      `${QUORUM_MEMBERS} members (CloudNativePG primary + 2 standbys); ${pgMemoryGi} GiB = 8 GiB per 1,000 users within 16–64 GiB; volume 20 GiB + 10 GiB per 1,000 users`,
    ),
    {
      ...dataStore(
        'redis',
        'nextcloud',
        resources(500, redisGi * GiB),
        redisGi * 2,
        `${QUORUM_MEMBERS} members with Sentinel (sessions, file locking, ONLYOFFICE cache); ${redisGi} GiB for ${env.users} users`,
      ),
      helpers: [sidecar('sentinel', resources(100, 128), 'Sentinel beside each member: a few connections and a failover vote (assumption)')],
    },
    {
      name: 'valkey-haproxy',
      app: 'nextcloud',
      kind: 'stateless',
      replicas: 2,
      // Assumption: HAProxy forwarding TCP to the current primary; no vendor figure.
      requests: resources(100, 128),
      limits: resources(500, 256),
      pool: 'database',
      spread: 'preferred',
      rationale: 'two HAProxy replicas sending clients to the member Sentinel names primary (charts data/valkey.ts)',
    },
  ];
}
