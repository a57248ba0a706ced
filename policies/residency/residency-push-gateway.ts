/** Mobile push goes through a gateway inside the jurisdiction, carrying no message content. */
import { implicitEndpointViolations, outsideHostViolations } from '../hosts/endpoint-violations.js';
import type { Policy } from '../policy.js';

export const residencyPushGateway: Policy = {
  id: 'residency-push-gateway',
  title: 'Push notifications use a gateway inside the jurisdiction and carry no content',
  category: 'residency',
  severity: 'high',
  rationale:
    'Rocket.Chat sends every mobile notification, with sender, room and message text by default, to gateway.rocket.chat (Rocket.Chat Technologies Corp., US), which hands it to Apple APNs or Google FCM. Every push gateway ends at Apple or Google, so the content must stay out of it.',
  remediation: 'Leave `apps.rocketchat.pushGateway` unset (push off) or name a gateway in the jurisdiction; render OVERWRITE_SETTING_Push_show_message=false and OVERWRITE_SETTING_Push_show_username_room=false.',
  references: [
    { title: 'GDPR Chapter V (Art. 44–50)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
    { title: 'Rocket.Chat push settings defaults (push.ts)', url: 'https://github.com/RocketChat/Rocket.Chat/blob/develop/apps/meteor/server/settings/push.ts' },
  ],
  check(artifacts) {
    return [...outsideHostViolations(artifacts, ['push']), ...implicitEndpointViolations(artifacts, ['push'])];
  },
};
