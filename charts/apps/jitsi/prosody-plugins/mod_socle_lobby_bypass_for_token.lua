-- socle: participants who came with a verified JWT skip the lobby; guests still knock.
--
-- Why: with the lobby on in every meeting (mod_socle_lobby_autostart), the authenticated users
-- (token from Rocket.Chat) must get in directly to host the meeting and let the guests in.
--
-- What: loaded on the main conference MUC component (docker-jitsi-meet XMPP_MUC_MODULES). Before a
-- join is checked against members-only and the lobby (mod_muc_lobby_rooms, priority -4; Prosody's
-- members_only, -5), a participant whose session is token-verified becomes a member of the room
-- (affiliation for the bare JID) and gets the participant role.
--
-- Token-verified means: the session carries a token (session.auth_token, which jitsi-meet's
-- mod_auth_token takes from the connection URL) AND the session's host uses token authentication
-- without empty tokens (authentication = "token", allow_empty_token false): there, a session only
-- gets past SASL once its token verified. The guest VirtualHost accepts empty tokens, so its
-- sessions never count, whatever they carry. Affiliations other than "none" are kept: owners stay
-- owners, and a banned (outcast) participant stays banned.

-- After token_verification (99), which rejects a token for another room; before the lobby (-4).
local BEFORE_LOBBY = -1;

local function requires_token(host)
    if host == nil then
        return false;
    end
    local vhost = module:context(host);
    return vhost:get_option_string("authentication") == "token"
        and vhost:get_option_boolean("allow_empty_token", false) == false;
end

local function is_token_verified(session)
    return session ~= nil
        and type(session.auth_token) == "string" and session.auth_token ~= ""
        and requires_token(session.host);
end

module:hook("muc-occupant-pre-join", function (event)
    local room, occupant, session = event.room, event.occupant, event.origin;
    if room == nil or occupant == nil or occupant.bare_jid == nil then
        return;
    end
    if not is_token_verified(session) then
        module:log("debug", "%s has no verified token: the lobby applies", occupant.bare_jid);
        return;
    end
    local bare = occupant.bare_jid;
    local affiliation = room:get_affiliation(bare);
    if affiliation ~= nil and affiliation ~= "none" then
        module:log("debug", "%s keeps affiliation %s in %s", bare, affiliation, room.jid);
        return;
    end
    room:set_affiliation(true, bare, "member");
    -- The occupant's role was computed before this hook, from the affiliation it had then: none,
    -- which a members-only room maps to no role at all.
    if not occupant.role then
        occupant.role = "participant";
    end
    module:log("info", "%s (token) joins %s as member, without the lobby", bare, room.jid);
end, BEFORE_LOBBY);
