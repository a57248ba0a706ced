-- socle: the lobby is on in every meeting, from the moment its room exists.
--
-- Why: Jitsi's lobby (mod_muc_lobby_rooms) is only *available*; a moderator has to switch it on in
-- each room, so a guest who arrives first walks straight in. socle wants outside guests to wait in
-- the lobby until an authenticated user (JWT from Rocket.Chat) lets them in.
--
-- What: loaded on the main conference MUC component (docker-jitsi-meet XMPP_MUC_MODULES). When a
-- conference room is created it fires the global event "create-persistent-lobby-room", handled by
-- jitsi-meet's mod_persistent_lobby (main VirtualHost), which asks mod_muc_lobby_rooms to attach
-- the lobby room and make the room members-only, and keeps the room alive while guests wait in its
-- lobby. If nothing attached a lobby, the room is still made members-only: it fails closed (guests
-- are turned away) rather than open, and says so in the log.
--
-- Not touched: jicofo's health-check rooms, and rooms of any other MUC host (lobby, breakout,
-- internal brewery rooms live on their own components; this module acts only on rooms of the host
-- it is loaded on). Rooms that already have a lobby are left as they are.

local jid_split = require "util.jid".split;

local HEALTH_CHECK_PREFIX = "__jicofo-health-check";

local function is_conference_room(room)
    if room == nil or room.jid == nil then
        return false;
    end
    local node, host = jid_split(room.jid);
    if host ~= module.host or node == nil then
        return false;
    end
    return node:sub(1, #HEALTH_CHECK_PREFIX) ~= HEALTH_CHECK_PREFIX;
end

module:hook("muc-room-created", function (event)
    local room = event.room;
    if not is_conference_room(room) then
        module:log("debug", "no automatic lobby for %s", room and room.jid or "a room without jid");
        return;
    end
    if room._data and room._data.lobbyroom then
        module:log("debug", "room %s already has its lobby %s", room.jid, room._data.lobbyroom);
        return;
    end

    prosody.events.fire_event("create-persistent-lobby-room", { room = room });

    if room._data and room._data.lobbyroom then
        module:log("info", "lobby %s switched on for %s", room._data.lobbyroom, room.jid);
    else
        module:log("warn", "no lobby was attached to %s (are muc_lobby_rooms and persistent_lobby loaded?): guests are refused", room.jid);
    end
    if not room:get_members_only() then
        room:set_members_only(true);
    end
end);

module:log("info", "automatic lobby for the conference rooms of %s", module.host);
