/**
 * The sizing constants and the documented basis of each. Environment-level assumptions (shares of
 * users, storage per user, bridge capacity) live in `environments/builtin-defaults.ts` and can be
 * overridden per environment under `sizing:`; the constants below are the vendor facts and the
 * modelling choices behind the formulas, each with its source.
 *
 * Environment assumptions and their basis (defaults):
 * - concurrentShare 0.30: Rocket.Chat's own tiers 200→50 (25 %), 500→100 (20 %), 1,000→300 (30 %);
 *   RocketChat/docs deploy/deploy-rocket.chat/system-requirements.md @04f3e4b; upper value taken.
 * - meetingShare 0.10: assumption (no vendor ratio found; shared/reference sizing D.1 A2).
 * - coeditingShare 0.05: assumption (sizing D.1 A3).
 * - storagePerUserGb 10, attachmentsPerUserGb 0.5: assumption (sizing D.1 A9).
 * - participantsPerBridge 100: jicofo `max-bridge-participants = 80` and meet.jit.si's stress
 *   0.005 ⇒ ≈160 bracket it (jitsi/jicofo reference.conf @00e73cc; jitsi/infra-provisioning @05489eb).
 */

/** Desktop and mobile clients poll every 30 s (nextcloud/documentation PR #14923, 2026-05-21). */
export const NEXTCLOUD_POLL_SECONDS = 30;
/** Polling is 80–90 % of a large instance's load (nextcloud.com blog, ARM server article); 85 % taken. */
export const NEXTCLOUD_POLLING_SHARE = 0.85;
/** Average PHP request time, seconds: assumption (sizing D.1 A5). */
export const NEXTCLOUD_REQUEST_SECONDS = 0.25;
/** Worker headroom for bursts: assumption (sizing D.1 A5). */
export const NEXTCLOUD_WORKER_HEADROOM = 4;
/** ≥ 512 MB per PHP process recommended (Nextcloud system requirements). */
export const NEXTCLOUD_MIB_PER_WORKER = 512;
/** PHP-FPM workers per app pod (24 × 512 MB ≈ 12 GB, sizing D.1 A5). */
export const NEXTCLOUD_WORKERS_PER_POD = 24;

/** ONLYOFFICE Community: `LICENSE_CONNECTIONS = 20` (ONLYOFFICE/server Common/sources/constants.js @099f601). */
export const ONLYOFFICE_COMMUNITY_CONNECTIONS = 20;
/** Editors one docservice pod (2 vCPU/4 GB, the vendor minimum host) serves: assumption (no vendor figure, DocumentServer discussion #1739). */
export const ONLYOFFICE_EDITORS_PER_POD = 150;
/** 2 Gi of PostgreSQL per 100 active users (ONLYOFFICE/Kubernetes-Docs README @004d509). */
export const ONLYOFFICE_DB_GI_PER_100_EDITORS = 2;
/**
 * Object storage for ONLYOFFICE's document cache per document service: the vendor chart gives the
 * cache of its default two document services one 8 Gi volume (ONLYOFFICE/Kubernetes-Docs README
 * @004d509, `persistence.size`); half of it per document service is the assumption. The server
 * deletes cached files a day after their last use (`services.CoAuthoring.expire.files` 86400 s,
 * ONLYOFFICE/server Common/config/default.json), so the cache does not grow with time.
 */
export const ONLYOFFICE_CACHE_GB_PER_DOCSERVICE = 4;

/** Concurrent users one Rocket.Chat monolith instance carries: assumption from the vendor tiers (2 cores → 100 concurrent, one instance per core). */
export const ROCKETCHAT_CONCURRENT_PER_INSTANCE = 150;
/** "For deployments approaching 1,000 concurrent users … microservices" (docs.rocket.chat scaling-rocketchat); 750 taken as "approaching". */
export const ROCKETCHAT_MICROSERVICES_FROM_CONCURRENT = 750;
/** One DDP streamer per 500 concurrent users (docs.rocket.chat microservices-setup, v4 era [dated]). */
export const ROCKETCHAT_CONCURRENT_PER_DDP_STREAMER = 500;
/** Community: presence service disabled above 200 concurrent users (docs.rocket.chat seats-faq / downgrade-behavior). */
export const ROCKETCHAT_COMMUNITY_PRESENCE_LIMIT = 200;

/** Wekan: "3–4 × m4.large for thousands of users" (wekan/wekan docs/Platforms/Propietary/Cloud/AWS.md) ⇒ one instance per 2,500 users, assumption. */
export const WEKAN_USERS_PER_INSTANCE = 2500;

/** Participants one Jitsi shard (one prosody, single-core — jitsi/handbook requirements.md @3b69052) carries: assumption. */
export const JITSI_PARTICIPANTS_PER_SHARD = 400;
/** Bridge egress per participant: 0.5 (360p stage) + 4 × 0.2 (180p thumbnails) ≈ 1.3 Mbit/s (handbook bitrates; sizing D.1 A7). */
export const JITSI_EGRESS_MBPS_PER_PARTICIPANT = 1.3;
/** Bridge ingress per participant ≈ 1 Mbit/s (simulcast layers sent up; sizing D.1 A7). */
export const JITSI_INGRESS_MBPS_PER_PARTICIPANT = 1;

/** Peak HTTPS ingress bandwidth per concurrent user, Mbit/s: assumption (file sync and office documents). */
export const INGRESS_MBPS_PER_CONCURRENT_USER = 1;

/** Upper bound of nodes per pool before a larger flavor is picked: keeps the node count manageable. */
export const MAX_NODES_PER_POOL = 15;
/** Data stores run 3 members: MongoDB's minimum recommended replica set (mongodb.com replica-set-members) and CloudNativePG's primary + 2 standbys. */
export const QUORUM_MEMBERS = 3;
