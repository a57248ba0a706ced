/** Jitsi's internal XMPP layout, shared by web, prosody, jicofo and the videobridges of every shard. */
import type { Environment } from '../../../environments/environment.js';
import { appHosts } from '../../../environments/environment.js';
import { envSecret, envValue, type EnvVar } from '../../container.js';
import { NAMESPACES } from '../../platform/namespaces.js';
import { random, type SecretSpec } from '../../secret-catalogue.js';

export const XMPP = {
  domain: 'meet.jitsi',
  authDomain: 'auth.meet.jitsi',
  guestDomain: 'guest.meet.jitsi',
  mucDomain: 'muc.meet.jitsi',
  internalMucDomain: 'internal-muc.meet.jitsi',
  brewery: 'jvbbrewery',
} as const;

export const JITSI_INTERNAL_SECRET = 'jitsi-internal';
/** The videobridges' own: the only Jitsi password the host-network namespace holds. */
export const JITSI_VIDEOBRIDGE_SECRET = 'jitsi-videobridge-auth';

export const jitsiInternalSecrets = (): SecretSpec[] => [
  {
    name: JITSI_INTERNAL_SECRET,
    namespaces: [NAMESPACES.jitsi],
    values: { 'jicofo-auth-password': random(32) },
    purpose: 'XMPP password of jicofo on its shard’s prosody',
  },
  {
    name: JITSI_VIDEOBRIDGE_SECRET,
    namespaces: [NAMESPACES.jitsi, NAMESPACES.jitsiMedia],
    values: { 'jvb-auth-password': random(32) },
    purpose: 'XMPP password of the videobridges on every shard’s prosody (prosody registers it, the bridges log in with it)',
  },
];

export const prosodyService = (shard: number) => `jitsi-prosody-${shard}`;
/** Fully qualified: the videobridges, in another namespace, resolve it too. */
export const prosodyHost = (shard: number) => `${prosodyService(shard)}.${NAMESPACES.jitsi}.svc.cluster.local`;
/** A shard's prosody HTTP server (BOSH, WebSocket). */
export const prosodyHttpUrl = (shard: number) => `http://${prosodyHost(shard)}:5280`;

/** The docker-jitsi-meet images socle runs, by the name of their container. */
export type JitsiRole = 'web' | 'prosody' | 'jicofo' | 'jvb';

const ALL: readonly JitsiRole[] = ['web', 'prosody', 'jicofo', 'jvb'];

/**
 * Which images read each shared variable, per their templates at the pinned tag (web
 * defaults/system-config.js, settings-config.js and meet.conf; prosody conf.d/jitsi-meet.cfg.lua;
 * jicofo defaults/jicofo.conf; jvb defaults/jvb.conf; TZ: the base image's init). A container gets
 * only what its image reads: nothing silently ignored, and no other component's password.
 */
const READ_BY: Readonly<Record<string, readonly JitsiRole[]>> = {
  PUBLIC_URL: ['web', 'prosody', 'jvb'],
  TZ: ALL,
  XMPP_DOMAIN: ['web', 'prosody', 'jicofo'],
  XMPP_AUTH_DOMAIN: ALL,
  XMPP_GUEST_DOMAIN: ['web', 'prosody'],
  XMPP_MUC_DOMAIN: ['web', 'prosody', 'jicofo'],
  XMPP_INTERNAL_MUC_DOMAIN: ['prosody', 'jicofo', 'jvb'],
  XMPP_SERVER: ['jicofo', 'jvb'],
  XMPP_BOSH_URL_BASE: ['web'],
  JVB_BREWERY_MUC: ['jicofo', 'jvb'],
  ENABLE_AUTH: ['web', 'prosody', 'jicofo'],
  AUTH_TYPE: ['prosody', 'jicofo'],
  ENABLE_GUESTS: ['web', 'prosody'],
  ENABLE_LOBBY: ['prosody'],
  ENABLE_AUTO_OWNER: ['jicofo'],
  ENABLE_XMPP_WEBSOCKET: ['web', 'prosody'],
  ENABLE_RECORDING: ['web', 'prosody', 'jicofo'],
  ENABLE_LIVESTREAMING: ['web'],
  ENABLE_TRANSCRIPTIONS: ['web', 'prosody'],
  ENABLE_JAAS_COMPONENTS: ['web', 'prosody'],
  JICOFO_AUTH_PASSWORD: ['prosody', 'jicofo'],
  JVB_AUTH_PASSWORD: ['prosody', 'jvb'],
};

/** The shared docker-jitsi-meet variables of one image of a shard (the videobridges use shard 0's). */
export function xmppEnv(env: Environment, shard: number, role: JitsiRole): EnvVar[] {
  const j = env.apps.jitsi;
  const shared = [
    envValue('PUBLIC_URL', `https://${appHosts(env).jitsi}`),
    envValue('TZ', 'Europe/Paris'),
    envValue('XMPP_DOMAIN', XMPP.domain),
    envValue('XMPP_AUTH_DOMAIN', XMPP.authDomain),
    envValue('XMPP_GUEST_DOMAIN', XMPP.guestDomain),
    envValue('XMPP_MUC_DOMAIN', XMPP.mucDomain),
    envValue('XMPP_INTERNAL_MUC_DOMAIN', XMPP.internalMucDomain),
    envValue('XMPP_SERVER', prosodyHost(shard)),
    envValue('XMPP_BOSH_URL_BASE', prosodyHttpUrl(shard)),
    envValue('JVB_BREWERY_MUC', XMPP.brewery),
    // Authenticated users come with a JWT (from Rocket.Chat); guests may join and wait in the lobby.
    envValue('ENABLE_AUTH', 1),
    envValue('AUTH_TYPE', 'jwt'),
    envValue('ENABLE_GUESTS', j.guests ? 1 : 0),
    envValue('ENABLE_LOBBY', j.lobby ? 1 : 0),
    envValue('ENABLE_AUTO_OWNER', 1),
    envValue('ENABLE_XMPP_WEBSOCKET', 1),
    // Jibri (server-side recording) is not deployed; in-browser recording needs nothing here.
    envValue('ENABLE_RECORDING', 0),
    envValue('ENABLE_LIVESTREAMING', 0),
    envValue('ENABLE_TRANSCRIPTIONS', 0),
    // Residency leak #4: no 8x8 JaaS components (prosody's JaaS virtual host, web's 8x8 dial-in URLs).
    envValue('ENABLE_JAAS_COMPONENTS', 0),
    envSecret('JICOFO_AUTH_PASSWORD', JITSI_INTERNAL_SECRET, 'jicofo-auth-password'),
    envSecret('JVB_AUTH_PASSWORD', JITSI_VIDEOBRIDGE_SECRET, 'jvb-auth-password'),
  ];
  return shared.filter((v) => {
    const readers = READ_BY[v.name];
    if (!readers) throw new Error(`jitsi-xmpp.ts: say which images read ${v.name} (READ_BY)`);
    return readers.includes(role);
  });
}
