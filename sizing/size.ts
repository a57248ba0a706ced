/** `size(environment)`: the whole capacity plan, a pure function of the environment. */
import type { Environment } from '../environments/environment.js';
import { backupComponents } from './components/backups.js';
import { jitsiBridges, jitsiComponents, jitsiShards } from './components/jitsi.js';
import { nextcloudComponents } from './components/nextcloud.js';
import { onlyofficeComponents } from './components/onlyoffice.js';
import { platformComponents } from './components/platform.js';
import { rocketchatComponents } from './components/rocketchat.js';
import { wekanComponents } from './components/wekan.js';
import { licenceGates } from './licences.js';
import { expectedLoad } from './load.js';
import { loadBalancers } from './load-balancers.js';
import { planNodePools } from './node-pools.js';
import type { SizingPlan } from './sizing-plan.js';
import { blockStorageGi, buckets } from './storage.js';

export function size(env: Environment): SizingPlan {
  const load = expectedLoad(env);
  const { apps } = env;
  const components = [
    ...platformComponents(env.cloud.availabilityZones.length),
    ...(apps.nextcloud.enabled ? nextcloudComponents(env, load) : []),
    ...(apps.onlyoffice.enabled ? onlyofficeComponents(env, load) : []),
    ...(apps.rocketchat.enabled ? rocketchatComponents(env, load) : []),
    ...(apps.wekan.enabled ? wekanComponents(env) : []),
    ...(apps.jitsi.enabled ? jitsiComponents(env, load) : []),
    ...backupComponents(env),
  ];
  const nodePools = planNodePools(env, components);
  const lbs = loadBalancers(env, load);
  const media = nodePools.filter((p) => p.publicIp).reduce((acc, p) => acc + p.count, 0);
  return {
    environment: env.name,
    users: env.users,
    profile: env.profile,
    region: env.cloud.region,
    zones: [...env.cloud.availabilityZones],
    assumptions: { ...env.sizing },
    load,
    components,
    jitsi: apps.jitsi.enabled ? { shards: jitsiShards(load), bridges: jitsiBridges(env, load) } : null,
    nodePools,
    licences: licenceGates(env, load),
    objectStorage: buckets(env, components),
    blockStorageGi: blockStorageGi(components),
    loadBalancers: lbs,
    publicIps: lbs.length + media,
  };
}
