/**
 * socle's Prosody modules (the `jitsi-prosody-lobby` ConfigMap of the synthesized manifests) in a
 * real Prosody, with real XMPP clients over TCP: they load on the conference MUC component, a room
 * jicofo creates gets its lobby and is members-only, a guest is kept out, a participant with a
 * verified JWT walks in as a member, a banned one stays out, jicofo's health-check rooms stay open.
 *
 * The configuration is the part of the prosody image's own (docker-jitsi-meet stable-10431
 * prosody/rootfs/defaults/conf.d/jitsi-meet.cfg.lua) that socle's prosody container environment
 * selects: the domains, `authentication = JWT_AUTH_TYPE`, `app_secret`, `allow_empty_token`,
 * XMPP_MODULES on both user hosts, XMPP_MUC_MODULES and the MUC options on the conference component.
 * Changed to run here: c2s on a free loopback port without TLS (c2s_require_encryption off,
 * PLAIN allowed in clear), data in a temporary folder, no s2s, no BOSH/WebSocket.
 *
 * What can't run for real: jitsi-meet's own modules are not in Debian. Two stand-ins
 * (prosody-stand-ins/, test files) answer to the names the configuration uses: mod_auth_token
 * (jitsi's needs luajwtjitsi; the stand-in verifies the HS256 token with Prosody's util.jwt and
 * sets session.auth_token, the token coming as the SASL PLAIN password instead of the URL) and
 * mod_persistent_lobby (attaches a lobby name and members-only, as jitsi's with
 * mod_muc_lobby_rooms does). So the guest meets Prosody's members-only refusal here, where jitsi's
 * mod_muc_lobby_rooms (muc-occupant-pre-join, priority -4) would send it to the lobby room;
 * knocking, the lobby room itself and token_verification's room claim check stay with the Lua-VM
 * tests (test/charts/jitsi/prosody/lobby-modules.test.ts).
 */
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IMAGES } from '../../../charts/images.js';
import { LOBBY_PLUGINS_CONFIGMAP } from '../../../charts/apps/jitsi/jitsi-lobby.js';
import { describeProgram } from '../harness/program-suite.js';
import { prosodyAvailability, startProsody, type ProsodyServer } from './prosody-server.js';
import { containerEnv, findObject, synthesized } from './synthesized-manifests.js';
import { joinRoom, mucItem, roomFeatures, SaslFailure, setAffiliation, xmppSession, type XmppSession } from './xmpp-client.js';

const { objects, secretValue } = synthesized('pilot');
const prosodyPod = (findObject(objects, 'Deployment', 'jitsi', 'jitsi-prosody-0').spec as any).template.spec;
const env = containerEnv(prosodyPod.containers.find((c: any) => c.name === 'prosody'), secretValue);
const lobbyModules = findObject(objects, 'ConfigMap', 'jitsi', LOBBY_PLUGINS_CONFIGMAP).data as Record<string, string>;
const standInsDir = new URL('./prosody-stand-ins/', import.meta.url);
const standIns = Object.fromEntries(readdirSync(standInsDir).map((f) => [f, readFileSync(new URL(f, standInsDir), 'utf8')]));

const list = (value: string | undefined) => (value ?? '').split(',').filter(Boolean);
const luaList = (items: string[]) => `{ ${items.map((i) => JSON.stringify(i)).join(', ')} }`;
const FOCUS = { user: 'focus', password: 'focus-test-password' };

/** The image template's hosts for socle's environment (see the header for what is left out). */
const hosts = [
  'c2s_require_encryption = false',
  'allow_unencrypted_plain_auth = true',
  `admins = { "${FOCUS.user}@${env.XMPP_AUTH_DOMAIN}" }`,
  `VirtualHost "${env.XMPP_DOMAIN}"`,
  `  authentication = "${env.JWT_AUTH_TYPE}"`,
  `  app_id = "${env.JWT_APP_ID}"`,
  `  app_secret = "${env.JWT_APP_SECRET}"`,
  `  allow_empty_token = ${env.JWT_ALLOW_EMPTY === '1'}`,
  `  modules_enabled = ${luaList(list(env.XMPP_MODULES))}`,
  `  main_muc = "${env.XMPP_MUC_DOMAIN}"`,
  `  lobby_muc = "lobby.${env.XMPP_DOMAIN}"`,
  // PROSODY_GUEST_AUTH_TYPE's default, jitsi-anonymous, is jitsi's variant of Prosody's anonymous.
  ...(env.ENABLE_GUESTS === '1'
    ? [`VirtualHost "${env.XMPP_GUEST_DOMAIN}"`, '  authentication = "anonymous"', `  modules_enabled = ${luaList(list(env.XMPP_MODULES))}`, `  main_muc = "${env.XMPP_MUC_DOMAIN}"`]
    : []),
  `VirtualHost "${env.XMPP_AUTH_DOMAIN}"`,
  '  authentication = "internal_hashed"',
  `Component "${env.XMPP_MUC_DOMAIN}" "muc"`,
  '  restrict_room_creation = true',
  '  storage = "memory"',
  `  modules_enabled = ${luaList(list(env.XMPP_MUC_MODULES))}`,
  '  muc_room_locking = false',
  '  muc_room_default_public_jids = true',
  '  muc_tombstones = false',
  '  muc_room_allow_persistent = false',
].join('\n');

/** A token as Rocket.Chat's Jitsi app signs it with the app id and secret of the `jitsi-jwt` Secret. */
function jwt(secret: string, claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}
const tokenFor = (name: string, room: string, secret = env.JWT_APP_SECRET!) =>
  jwt(secret, { iss: env.JWT_APP_ID, aud: env.JWT_APP_ID, sub: env.XMPP_DOMAIN, room, exp: Math.floor(Date.now() / 1000) + 600, context: { user: { name } } });

const bare = (jid: string) => jid.split('/')[0]!;

describeProgram('prosody', prosodyAvailability(`jitsi-prosody-${IMAGES.jitsiProsody.split(':').pop()}`), () => {
  const room = `weekly-team@${env.XMPP_MUC_DOMAIN}`;
  let prosody: ProsodyServer;
  let focus: XmppSession;
  const sessions: XmppSession[] = [];
  const session = async (...args: Parameters<typeof xmppSession>) => {
    const s = await xmppSession(...args);
    sessions.push(s);
    return s;
  };

  beforeAll(async () => {
    prosody = await startProsody({
      plugins: { socle: lobbyModules, 'stand-ins': standIns },
      hosts,
      accounts: { [`${FOCUS.user}@${env.XMPP_AUTH_DOMAIN}`]: FOCUS.password },
    });
    focus = await session(prosody.c2sPort, env.XMPP_AUTH_DOMAIN!, { mechanism: 'PLAIN', user: FOCUS.user, password: FOCUS.password });
  });
  afterAll(async () => {
    for (const s of sessions) s.close();
    await prosody?.stop();
  });

  it('accepts the configuration and loads both of socle\'s modules on the conference MUC component, without an error', () => {
    expect(list(env.XMPP_MUC_MODULES).map((m) => `mod_${m}.lua`).sort()).toEqual(Object.keys(lobbyModules).sort());
    expect(prosody.ctl(['check', 'config']).output).toContain('All checks passed');
    const loaded = prosody.shell(`module:list(${JSON.stringify(env.XMPP_MUC_DOMAIN)})`).split('\n').map((l) => l.trim());
    expect(loaded).toEqual(expect.arrayContaining(list(env.XMPP_MUC_MODULES)));
    expect(prosody.log()).toContain(`${env.XMPP_MUC_DOMAIN}:socle_lobby_autostart\tinfo\tautomatic lobby for the conference rooms of ${env.XMPP_MUC_DOMAIN}`);
    expect(prosody.log().split('\n').filter((l) => /\t(error|warn)\t/.test(l))).toEqual([]);
  });

  it('switches the lobby on in a room jicofo creates: the persistent-lobby handler of the main host answers, the room is members-only', async () => {
    expect(mucItem(await joinRoom(focus, room, 'focus'))).toEqual({ affiliation: 'owner', role: 'moderator' });
    expect(prosody.log()).toContain(`lobby weekly-team@lobby.${env.XMPP_DOMAIN} switched on for ${room}`);
    expect(await roomFeatures(focus, room, 'disco-room')).toContain('muc_membersonly');
  });

  it('keeps a guest out (Prosody\'s members-only refusal, where jitsi\'s lobby module would seat it in the lobby)', async () => {
    const guest = await session(prosody.c2sPort, env.XMPP_GUEST_DOMAIN!, { mechanism: 'ANONYMOUS' });
    expect(mucItem(await joinRoom(guest, room, 'guest'))).toEqual({ error: 'registration-required' });
  });

  it('lets a participant with a verified JWT in, as a member with the participant role', async () => {
    const host = await session(prosody.c2sPort, env.XMPP_DOMAIN!, { mechanism: 'PLAIN', user: 'alice', password: tokenFor('Alice', 'weekly-team') });
    expect(mucItem(await joinRoom(host, room, 'alice'))).toEqual({ affiliation: 'member', role: 'participant' });
    expect(prosody.log()).toContain(`${bare(host.jid)} (token) joins ${room} as member, without the lobby`);
  });

  it('refuses a token signed with another secret at SASL already (so no session of the main host lacks one)', async () => {
    await expect(xmppSession(prosody.c2sPort, env.XMPP_DOMAIN!, { mechanism: 'PLAIN', user: 'mallory', password: tokenFor('Mallory', 'weekly-team', 'another-secret') })).rejects.toBeInstanceOf(SaslFailure);
  });

  it('keeps a banned participant out, token or not: the ban is not turned into a membership', async () => {
    const banned = await session(prosody.c2sPort, env.XMPP_DOMAIN!, { mechanism: 'PLAIN', user: 'bob', password: tokenFor('Bob', 'weekly-team') });
    expect(await setAffiliation(focus, room, bare(banned.jid), 'outcast', 'ban-bob')).toBe('result');
    // Prosody's members-only check (muc/members_only.lib.lua, priority -5) answers before its ban
    // check (muc/muc.lib.lua, -10): an outcast of a members-only room hears registration-required.
    expect(mucItem(await joinRoom(banned, room, 'bob'))).toEqual({ error: 'registration-required' });
    expect(prosody.log()).not.toContain(`${bare(banned.jid)} (token) joins`);
  });

  it("leaves jicofo's health-check rooms open: a guest joins one", async () => {
    const healthCheck = `__jicofo-health-check-6f2a@${env.XMPP_MUC_DOMAIN}`;
    expect(mucItem(await joinRoom(focus, healthCheck, 'focus'))).toEqual({ affiliation: 'owner', role: 'moderator' });
    expect(await roomFeatures(focus, healthCheck, 'disco-health')).not.toContain('muc_membersonly');
    const guest = await session(prosody.c2sPort, env.XMPP_GUEST_DOMAIN!, { mechanism: 'ANONYMOUS' });
    expect(mucItem(await joinRoom(guest, healthCheck, 'guest'))).toEqual({ affiliation: 'none', role: 'participant' });
  });

  it('keeps the token participant out too once the bypass module is unloaded (the module is what lets it in)', async () => {
    expect(prosody.shell(`module:unload("socle_lobby_bypass_for_token", ${JSON.stringify(env.XMPP_MUC_DOMAIN)})`)).toMatch(/Unloaded/);
    const late = await session(prosody.c2sPort, env.XMPP_DOMAIN!, { mechanism: 'PLAIN', user: 'carol', password: tokenFor('Carol', 'weekly-team') });
    expect(mucItem(await joinRoom(late, room, 'carol'))).toEqual({ error: 'registration-required' });
  });
});
