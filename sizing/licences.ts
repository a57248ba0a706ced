/** Licence gates: what each chosen edition allows against what the expected load needs. */
import type { Environment } from '../environments/environment.js';
import { ONLYOFFICE_COMMUNITY_CONNECTIONS, ROCKETCHAT_COMMUNITY_PRESENCE_LIMIT } from './assumptions.js';
import type { LicenceGate, SizingPlan } from './sizing-plan.js';

export function licenceGates(env: Environment, load: SizingPlan['load']): LicenceGate[] {
  const gates: LicenceGate[] = [];
  if (env.apps.onlyoffice.enabled) {
    const community = env.apps.onlyoffice.edition === 'community';
    gates.push({
      app: 'onlyoffice',
      edition: env.apps.onlyoffice.edition,
      allows: community
        ? `${ONLYOFFICE_COMMUNITY_CONNECTIONS} simultaneous connections, one instance (no clustering)`
        : 'the connections or named editors the purchased licence sets; clustering allowed',
      needs: `${load.coeditors} simultaneous editors at peak (${Math.round(env.sizing.coeditingShare * 100)} % of ${env.users} users)${community ? '' : ', several instances for availability'}`,
      sufficient: !community || load.coeditors <= ONLYOFFICE_COMMUNITY_CONNECTIONS,
      measure: { name: 'simultaneous editors', expected: load.coeditors, limit: community ? ONLYOFFICE_COMMUNITY_CONNECTIONS : null },
    });
  }
  if (env.apps.rocketchat.enabled) {
    const community = env.apps.rocketchat.edition === 'community';
    gates.push({
      app: 'rocketchat',
      edition: env.apps.rocketchat.edition,
      allows: community
        ? `one instance; presence service off above ${ROCKETCHAT_COMMUNITY_PRESENCE_LIMIT} concurrent users`
        : 'several instances and microservices, within the purchased seats',
      needs: `${load.concurrentUsers} concurrent users at peak (${Math.round(env.sizing.concurrentShare * 100)} % of ${env.users} users)`,
      sufficient: !community || load.concurrentUsers <= ROCKETCHAT_COMMUNITY_PRESENCE_LIMIT,
      measure: { name: 'concurrent users', expected: load.concurrentUsers, limit: community ? ROCKETCHAT_COMMUNITY_PRESENCE_LIMIT : null },
    });
  }
  return gates;
}
