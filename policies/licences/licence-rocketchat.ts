/** Rocket.Chat Community: one instance, presence off above 200 concurrent users. Compared with the plan. */
import { pointer } from '../artifacts/json.js';
import { containers, imageRepository, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import type { Policy, Violation } from '../policy.js';

// docs.rocket.chat/docs/downgrade-behavior: Community loses multi-instance and microservices, and
// the presence service is disabled above 200 concurrent users.
export const COMMUNITY_PRESENCE_LIMIT = 200;
const ROCKETCHAT = /(^|\/)(rocket\.chat|rocketchat\/[\w-]+-service)$/;

const n = (x: number) => x.toLocaleString('en-US');

export const licenceRocketchat: Policy = {
  id: 'licence-rocketchat',
  title: 'The Rocket.Chat edition covers the planned instances and concurrency',
  category: 'licences',
  severity: 'high',
  rationale:
    'Rocket.Chat Community runs a single instance (no multi-instance, no microservices) and switches presence off above 200 concurrent users: a highly available or large deployment needs the Enterprise edition. And Rocket.Chat 7 restricts a workspace with no valid licence whose statistics do not reach Rocket.Chat Cloud (US): no report ever, restricted at once; otherwise 10 days after the last one (users can no longer send or edit messages). socle keeps those statistics in (residency-telemetry), so a Community workspace turns read-only.',
  remediation: 'Set `apps.rocketchat.edition: enterprise` with a licence for the planned users. Community under socle would need its statistics sent to Rocket.Chat Cloud, outside the jurisdiction.',
  references: [
    { title: 'Rocket.Chat: downgrade behaviour (Community limits)', url: 'https://docs.rocket.chat/docs/downgrade-behavior' },
    { title: 'Rocket.Chat: seats and plans FAQ', url: 'https://docs.rocket.chat/v1/docs/seats-faq' },
    { title: 'RocketChat/Rocket.Chat ee/packages/license/src/AirGappedRestriction.ts (3 days, then a 7-day warning, without a statistics report)' },
  ],
  check(artifacts) {
    const app = artifacts.environment.apps.rocketchat;
    if (!app.enabled) return { notApplicable: 'Rocket.Chat is switched off' };
    if (app.edition !== 'community') return { notApplicable: `edition ${app.edition}` };
    const out: Violation[] = [
      {
        resource: 'environment/apps.rocketchat.edition',
        message: 'Rocket.Chat Community without a licence restricts the workspace (no sending or editing of messages) unless its statistics reach Rocket.Chat Cloud, which socle keeps in',
        evidence: { file: 'environment.json', pointer: '/apps/rocketchat/edition', value: app.edition },
      },
    ];
    const sizing = artifacts.sizing;
    if (!sizing) out.push({ resource: 'sizing', message: `no sizing plan (sizing.json) to compare with the Community presence limit of ${COMMUNITY_PRESENCE_LIMIT} concurrent users`, evidence: { file: 'sizing.json', pointer: '', value: null } });
    else if (sizing.load.concurrentUsers > COMMUNITY_PRESENCE_LIMIT) {
      out.push({
        resource: 'sizing/load/concurrentUsers',
        message: `Rocket.Chat Community turns presence off above ${COMMUNITY_PRESENCE_LIMIT} concurrent users; the plan expects ${n(sizing.load.concurrentUsers)} (${Math.round(sizing.assumptions.concurrentShare * 100)} % of ${n(sizing.users)} users)`,
        evidence: { file: 'sizing.json', pointer: '/load/concurrentUsers', value: sizing.load.concurrentUsers },
      });
    }
    if (artifacts.objects.length > 0) {
      const servers = podTemplates(artifacts.objects).filter((t) => t.owner.kind !== 'Job' && t.owner.kind !== 'CronJob' && containers(t).some((c) => ROCKETCHAT.test(imageRepository(c.image))));
      const instances = servers.reduce((sum, t) => sum + (t.replicas ?? 1), 0);
      if (instances > 1) out.push({ resource: servers[0]!.owner.address, message: `${instances} Rocket.Chat instances rendered (${servers.map((t) => t.owner.name).join(', ')}): Community runs a single instance`, evidence: { file: servers[0]!.owner.file, pointer: manifestPointer(servers[0]!.owner, 'spec', 'replicas'), value: instances } });
    } else {
      const planned = (sizing?.components ?? []).map((c, i) => ({ c, i })).filter(({ c }) => c.app === 'rocketchat' && c.kind === 'stateless');
      const instances = planned.reduce((sum, { c }) => sum + c.replicas, 0);
      if (instances > 1) out.push({ resource: 'sizing/components/rocketchat', message: `${instances} Rocket.Chat instances planned: Community runs a single instance`, evidence: { file: 'sizing.json', pointer: pointer('components', planned[0]!.i, 'replicas'), value: instances } });
    }
    return out;
  },
};
