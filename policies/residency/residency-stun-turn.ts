/** STUN/TURN servers are the authority's own: never Jitsi's or Google's public defaults. */
import { implicitEndpointViolations, outsideHostViolations } from '../hosts/endpoint-violations.js';
import type { Policy } from '../policy.js';

export const residencyStunTurn: Policy = {
  id: 'residency-stun-turn',
  title: 'STUN/TURN servers are inside the jurisdiction',
  category: 'residency',
  severity: 'high',
  rationale:
    'Every participant of a call sends STUN requests (their IP address, the meeting timing) to the configured server, and TURN relays the media itself. docker-jitsi-meet defaults both the videobridge and the browsers to meet-jit-si-turnrelay.jitsi.net, run by 8x8 (US).',
  remediation: 'Leave `apps.jitsi.stunServers` empty (the authority’s own TURN server is used), set JVB_STUN_SERVERS and P2P_STUN_SERVERS to it in the rendered Jitsi containers, and prosody’s TURN_HOST/TURNS_HOST to `turn.<domain>`/`turns.<domain>`.',
  references: [
    { title: 'GDPR Chapter V (Art. 44–50); IP addresses are personal data (CJEU C-582/14 Breyer)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
    { title: 'docker-jitsi-meet jvb.conf: JVB_STUN_SERVERS default', url: 'https://github.com/jitsi/docker-jitsi-meet/blob/master/jvb/rootfs/defaults/jvb.conf' },
    { title: 'jitsi-meet config.js: p2p.stunServers default', url: 'https://github.com/jitsi/jitsi-meet/blob/master/config.js' },
  ],
  check(artifacts) {
    return [...outsideHostViolations(artifacts, ['stun-turn']), ...implicitEndpointViolations(artifacts, ['stun-turn'])];
  },
};
