/** Rocket.Chat: monolith or microservices by load and edition, and its MongoDB replica set. */
import type { Environment } from '../../environments/environment.js';
import {
  ROCKETCHAT_CONCURRENT_PER_DDP_STREAMER,
  ROCKETCHAT_CONCURRENT_PER_INSTANCE,
  ROCKETCHAT_MICROSERVICES_FROM_CONCURRENT,
} from '../assumptions.js';
import type { ComponentPlan, SizingPlan } from '../sizing-plan.js';
import { clamp, dataStore, GiB, mongoMembers, resources, withSpare } from './component.js';

/**
 * One Rocket.Chat process per vCPU: Node.js is single-threaded, "N−1 instances on N cores"
 * (rocket.chat docs multiple-instances-to-improve-performance); 2 GB for the monolith (the vendor's
 * recommended VPS: 2 cores / 2 GB, RocketChat/docs system-requirements.md @04f3e4b); the
 * microservices' halves are an assumption (no vendor figure).
 */
function service(name: string, replicas: number, cpu: number, memMiB: number, rationale: string): ComponentPlan {
  return {
    name,
    app: 'rocketchat',
    kind: 'stateless',
    replicas,
    requests: resources(cpu, memMiB),
    limits: resources(cpu * 2, memMiB * 2),
    pool: 'general',
    spread: 'preferred',
    rationale,
  };
}

export function rocketchatComponents(env: Environment, load: SizingPlan['load']): ComponentPlan[] {
  const concurrent = load.concurrentUsers;
  // MongoDB: 4 GiB per 1,000 users within 8–32 GiB (Rocket.Chat's sizing table asks 32 GB at
  // scale [UNCERTAIN: garbled table]); one vCPU per 4 GiB.
  const mongoGi = clamp(4 * Math.ceil(env.users / 1000), 8, 32);
  const mongo = mongoMembers(dataStore(
    'rocketchat-mongodb',
    'rocketchat',
    resources((mongoGi / 4) * 1000, mongoGi * GiB),
    Math.max(20, 10 * Math.ceil(env.users / 1000)),
    `3-member replica set (oplog required for several instances); ${mongoGi} GiB for ${env.users} users; volume 10 GiB per 1,000 users, at least 20`,
  ));
  // Community runs one instance: multi-instance and microservices need Enterprise
  // (docs.rocket.chat downgrade-behavior).
  if (env.apps.rocketchat.edition === 'community') {
    return [service('rocketchat', 1, 1000, 2 * GiB, 'community edition: one instance only (licence)'), mongo];
  }
  if (concurrent < ROCKETCHAT_MICROSERVICES_FROM_CONCURRENT) {
    const needed = Math.ceil(concurrent / ROCKETCHAT_CONCURRENT_PER_INSTANCE);
    return [
      service('rocketchat', withSpare(needed), 1000, 2 * GiB, `${concurrent} concurrent users / ${ROCKETCHAT_CONCURRENT_PER_INSTANCE} per instance = ${needed}, +1 spare, at least 2`),
      mongo,
    ];
  }
  const streamers = Math.ceil(concurrent / ROCKETCHAT_CONCURRENT_PER_DDP_STREAMER);
  const small = concurrent <= 1500 ? 2 : 3;
  return [
    service('rocketchat', Math.max(3, Math.ceil(concurrent / 1000)), 1000, 2 * GiB, `microservices from ${ROCKETCHAT_MICROSERVICES_FROM_CONCURRENT} concurrent users; the monolith keeps the UI and REST API: one per 1,000 concurrent, at least 3`),
    service('rocketchat-ddp-streamer', withSpare(streamers), 1000, GiB, `one per ${ROCKETCHAT_CONCURRENT_PER_DDP_STREAMER} concurrent users (${streamers}), +1 spare`),
    service('rocketchat-accounts', small, 500, 512, `2 replicas up to 1,500 concurrent users, 3 above`),
    service('rocketchat-authorization', small, 500, 512, `2 replicas up to 1,500 concurrent users, 3 above`),
    service('rocketchat-presence', small, 500, 512, `2 replicas up to 1,500 concurrent users, 3 above`),
    // No stream-hub: since 7.7 the database watchers are off unless DISABLE_DB_WATCHERS=false
    // (packages/models src/index.ts `dbWatchersDisabled`, PR #35981, models 1.5.3 in Rocket.Chat
    // 7.7.0), so each service broadcasts its own changes (app/lib/server/lib/notifyListener.ts) and
    // stream-hub would watch no collection (packages/models src/watchCollections.ts); the vendor's
    // chart no longer deploys it past 7.7.3 (RocketChat/helm-charts rocketchat/values.yaml @fa13b71,
    // `microservices.streamHub.enabled: false`) and 8.0 drops it.
    { ...dataStore('rocketchat-nats', 'rocketchat', resources(250, 512), 2, '3-node NATS cluster (message bus between the microservices)'), pool: 'general' },
    mongo,
  ];
}
