/** Wekan and its MongoDB replica set. */
import type { Environment } from '../../environments/environment.js';
import { WEKAN_USERS_PER_INSTANCE } from '../assumptions.js';
import type { ComponentPlan } from '../sizing-plan.js';
import { clamp, dataStore, GiB, mongoMembers, resources, withSpare } from './component.js';

export function wekanComponents(env: Environment): ComponentPlan[] {
  const needed = Math.ceil(env.users / WEKAN_USERS_PER_INSTANCE);
  // Wekan's AWS production setup: MongoDB on r4.large (2 vCPU / 15.25 GB) × 3 for thousands of
  // users (wekan/wekan docs/Platforms/Propietary/Cloud/AWS.md); 2 GiB per 1,000 users within 4–16,
  // and the vendor's ratio of one vCPU per 8 GB, at least half a vCPU.
  const mongoGi = clamp(2 * Math.ceil(env.users / 1000), 4, 16);
  return [
    {
      name: 'wekan',
      app: 'wekan',
      kind: 'stateless',
      replicas: withSpare(needed),
      // Wekan's AWS setup runs Node on m4.large (2 vCPU / 8 GiB) for thousands of users (AWS.md): one
      // vCPU and 2 GiB per instance asked, twice that as the limit.
      requests: resources(1000, 2 * GiB),
      limits: resources(2000, 4 * GiB),
      pool: 'general',
      spread: 'preferred',
      rationale: `${env.users} users / ${WEKAN_USERS_PER_INSTANCE} per instance = ${needed}, +1 spare, at least 2 (MONGO_OPLOG_URL makes several instances safe)`,
    },
    mongoMembers(dataStore('wekan-mongodb', 'wekan', resources(Math.max(500, (mongoGi / 8) * 1000), mongoGi * GiB), Math.max(10, 5 * Math.ceil(env.users / 1000)), `3-member replica set; ${mongoGi} GiB for ${env.users} users`)),
  ];
}
