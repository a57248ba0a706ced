-- Test stand-in, not jitsi's module: it answers to the name socle lists in XMPP_MODULES. jitsi-meet's
-- mod_persistent_lobby handles the global event "create-persistent-lobby-room"
-- (module:hook_global) by firing "create-lobby-room", on which mod_muc_lobby_rooms attaches the
-- lobby room (room._data.lobbyroom, on lobby_muc) and makes the room members-only. Those modules
-- are not in Debian; this one does only the visible part: the lobby's name and members-only.
local jid_split = require "util.jid".split;
local lobby_muc = module:get_option_string("lobby_muc");

module:hook_global("create-persistent-lobby-room", function (event)
    local room = event.room;
    -- Loaded on the guest host too (XMPP_MODULES), which has no lobby_muc: the main host's copy answers.
    if room._data.lobbyroom or lobby_muc == nil then
        return;
    end
    room._data.lobbyroom = jid_split(room.jid) .. "@" .. lobby_muc;
    room:set_members_only(true);
end);
