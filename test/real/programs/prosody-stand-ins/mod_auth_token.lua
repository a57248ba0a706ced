-- Test stand-in, not jitsi's module: it answers to the name the prosody image's configuration
-- gives (authentication = "token", docker-jitsi-meet stable-10431 prosody/rootfs/defaults/conf.d/
-- jitsi-meet.cfg.lua), because jitsi-meet's mod_auth_token needs luajwtjitsi, which Debian does not
-- ship. What socle's modules rely on is kept: a session on this host gets past SASL only with a
-- token signed with app_secret (HS256, not expired), and then carries it as session.auth_token.
-- The token comes as the SASL PLAIN password here; jitsi-meet's client puts it in the BOSH or
-- WebSocket URL instead, which changes nothing for the MUC.
local new_sasl = require "util.sasl".new;
local jwt = require "util.jwt";

local app_secret = module:get_option_string("app_secret");
local provider = {};

local function tokens_only() return nil, "token authentication only"; end
provider.test_password, provider.get_password, provider.set_password, provider.create_user = tokens_only, tokens_only, tokens_only, tokens_only;
function provider.user_exists() return true; end

function provider.get_sasl_handler(session)
    return new_sasl(module.host, {
        plain_test = function (_, _, token)
            local ok, claims = jwt.verify(app_secret, token);
            if not ok or type(claims) ~= "table" or type(claims.exp) ~= "number" or claims.exp < os.time() then
                return false, true;
            end
            session.auth_token = token;
            return true, true;
        end;
    });
end

module:provides("auth", provider);
