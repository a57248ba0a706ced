/**
 * socle's Prosody modules for the automatic lobby, run in a Lua VM against a fake Prosody API
 * (fake-prosody.ts): what they do on room creation and on join. Not a real Prosody: the events,
 * fields and priorities they rely on are those of jitsi-meet's mod_muc_lobby_rooms and
 * mod_persistent_lobby and of Prosody's MUC (see the modules' headers).
 */
import { describe, expect, it } from 'vitest';
import { LOBBY_PLUGIN_FILES, pluginFileName } from '../../../../charts/apps/jitsi/jitsi-lobby.js';
import { runProsody } from './fake-prosody.js';

const MUC = 'muc.meet.jitsi';
const autostart = { [pluginFileName('socle_lobby_autostart')]: LOBBY_PLUGIN_FILES[pluginFileName('socle_lobby_autostart')] ?? '' };
const bypass = { [pluginFileName('socle_lobby_bypass_for_token')]: LOBBY_PLUGIN_FILES[pluginFileName('socle_lobby_bypass_for_token')] ?? '' };

/** What jitsi-meet's mod_persistent_lobby + mod_muc_lobby_rooms do with the event: attach a lobby, members-only. */
const JITSI_LOBBY_HANDLER = `global_handlers["create-persistent-lobby-room"] = function (event)
  local node = event.room.jid:match("^([^@]+)")
  event.room._data.lobbyroom = node .. "@lobby.meet.jitsi"
  event.room:set_members_only(true)
end`;

const createRoom = (jid: string, setup = JITSI_LOBBY_HANDLER) => `${setup}
local room = new_room(${JSON.stringify(jid)})
fire("muc-room-created", { room = room })
return {
  events = #fired,
  event = fired[1] and fired[1].name,
  same_room = fired[1] and fired[1].data.room == room,
  lobby = room._data.lobbyroom,
  members_only = room.members_only,
  set_members_only_calls = room.set_members_only_calls,
}`;

describe('mod_socle_lobby_autostart', () => {
  it('loads on the MUC component with a single muc-room-created hook', () => {
    expect(runProsody(MUC, autostart, 'return { hooks = hook_names() }').result.hooks).toBe('muc-room-created');
  });

  it('switches the lobby on in a new conference room: the persistent-lobby event, with that room, and members-only', () => {
    const { result, logs } = runProsody(MUC, autostart, createRoom('weekly-team@muc.meet.jitsi'));
    expect(result).toEqual({ events: '1', event: 'create-persistent-lobby-room', same_room: 'true', lobby: 'weekly-team@lobby.meet.jitsi', members_only: 'true', set_members_only_calls: '1' });
    expect(logs).toContain('info lobby weekly-team@lobby.meet.jitsi switched on for weekly-team@muc.meet.jitsi');
  });

  it('fails closed when no lobby module answers: the room is members-only anyway, and the log says why', () => {
    const { result, logs } = runProsody(MUC, autostart, createRoom('weekly-team@muc.meet.jitsi', ''));
    expect(result).toEqual({ events: '1', event: 'create-persistent-lobby-room', same_room: 'true', members_only: 'true', set_members_only_calls: '1' });
    expect(logs.filter((l) => l.startsWith('warn '))).toEqual(['warn no lobby was attached to weekly-team@muc.meet.jitsi (are muc_lobby_rooms and persistent_lobby loaded?): guests are refused']);
  });

  it.each([
    ['a lobby room', 'weekly-team@lobby.meet.jitsi'],
    ['a breakout room', '5b1c0c59-2c1d-4b0e-9d1f-8d3e0a0c2f11@breakout.meet.jitsi'],
    ['an internal brewery room', 'jvbbrewery@internal-muc.meet.jitsi'],
    ["jicofo's health-check room", '__jicofo-health-check-6f2a@muc.meet.jitsi'],
  ])('leaves %s alone', (_, jid) => {
    expect(runProsody(MUC, autostart, createRoom(jid)).result).toEqual({ events: '0', members_only: 'false', set_members_only_calls: '0' });
  });

  it('leaves a room that already has its lobby alone', () => {
    const { result } = runProsody(MUC, autostart, `${JITSI_LOBBY_HANDLER}
local room = new_room("weekly-team@muc.meet.jitsi")
room._data.lobbyroom = "weekly-team@lobby.meet.jitsi"
room.members_only = true
fire("muc-room-created", { room = room })
return { events = #fired, set_members_only_calls = room.set_members_only_calls }`);
    expect(result).toEqual({ events: '0', set_members_only_calls: '0' });
  });

  it('survives an event without a room', () => {
    expect(runProsody(MUC, autostart, 'fire("muc-room-created", {})\nreturn { events = #fired }').result).toEqual({ events: '0' });
  });
});

/**
 * Host options as docker-jitsi-meet renders them with AUTH_TYPE=jwt and ENABLE_GUESTS: the main
 * domain requires a token; the guest domain accepts empty tokens (WebSocket on), or, in newer
 * images, authenticates with "jitsi-anonymous" (here as a second guest host).
 */
const HOSTS = `options["meet.jitsi"] = { authentication = "token", allow_empty_token = false }
options["guest.meet.jitsi"] = { authentication = "token", allow_empty_token = true }
options["anonymous-guest.meet.jitsi"] = { authentication = "jitsi-anonymous" }`;

const join = (session: string, before = '') => `${HOSTS}
local room = new_room("weekly-team@muc.meet.jitsi")
room.members_only = true
${before}
local occupant = { bare_jid = "p1@" .. (${session}).host, nick = "weekly-team@muc.meet.jitsi/p1" }
local stopped = fire("muc-occupant-pre-join", { room = room, occupant = occupant, origin = ${session} })
return { affiliation = room.affiliations[occupant.bare_jid], role = occupant.role, stopped = stopped }`;

describe('mod_socle_lobby_bypass_for_token', () => {
  it('hooks muc-occupant-pre-join after token_verification (99) and before the lobby (-4) and members-only (-5)', () => {
    const priority = Number(runProsody(MUC, bypass, 'return { p = hook_priorities("muc-occupant-pre-join") }').result.p);
    expect(priority).toBeLessThan(99);
    expect(priority).toBeGreaterThan(-4);
  });

  it('makes a participant with a verified token a member (bare JID) with the participant role', () => {
    const { result, logs } = runProsody(MUC, bypass, join('{ host = "meet.jitsi", auth_token = "eyJhbGciOi.x.y" }'));
    expect(result).toEqual({ affiliation: 'member', role: 'participant' });
    expect(logs).toContain('info p1@meet.jitsi (token) joins weekly-team@muc.meet.jitsi as member, without the lobby');
  });

  it.each([
    ['a guest (guest domain, no token)', '{ host = "guest.meet.jitsi" }'],
    ['a guest session that carries a token anyway (the guest domain accepts empty tokens)', '{ host = "guest.meet.jitsi", auth_token = "forged" }'],
    ['a jitsi-anonymous guest session that carries a token', '{ host = "anonymous-guest.meet.jitsi", auth_token = "forged" }'],
    ['a main-domain session without a token', '{ host = "meet.jitsi" }'],
    ['a session with an empty token', '{ host = "meet.jitsi", auth_token = "" }'],
    ['a session of a host with no token authentication', '{ host = "auth.meet.jitsi", auth_token = "x" }'],
  ])('leaves %s to the lobby', (_, session) => {
    expect(runProsody(MUC, bypass, join(session)).result).toEqual({});
  });

  it('keeps a higher or a banning affiliation: owners stay owners, outcasts stay out', () => {
    const session = '{ host = "meet.jitsi", auth_token = "t" }';
    expect(runProsody(MUC, bypass, join(session, 'room.affiliations["p1@meet.jitsi"] = "owner"')).result).toEqual({ affiliation: 'owner' });
    expect(runProsody(MUC, bypass, join(session, 'room.affiliations["p1@meet.jitsi"] = "outcast"')).result).toEqual({ affiliation: 'outcast' });
  });

  it('survives a join without a session or occupant', () => {
    const { result } = runProsody(MUC, bypass, `local room = new_room("r@muc.meet.jitsi")
fire("muc-occupant-pre-join", { room = room, occupant = { bare_jid = "a@meet.jitsi" } })
fire("muc-occupant-pre-join", { room = room, origin = { host = "meet.jitsi", auth_token = "t" } })
return { n = #logs }`);
    expect(result.n).toBe('1');
  });

  it('together with a lobby check at -4: the token holder gets in, the guest is sent to the lobby', () => {
    const lobbyCheck = `module:hook("muc-occupant-pre-join", function (event)
  local a = event.room:get_affiliation(event.occupant.bare_jid)
  if event.room:get_members_only() and (a == nil or a == "none") then return "lobby" end
end, -4)`;
    expect(runProsody(MUC, bypass, join('{ host = "meet.jitsi", auth_token = "t" }', lobbyCheck)).result).toEqual({ affiliation: 'member', role: 'participant' });
    expect(runProsody(MUC, bypass, join('{ host = "guest.meet.jitsi" }', lobbyCheck)).result).toEqual({ stopped: 'lobby' });
  });
});
