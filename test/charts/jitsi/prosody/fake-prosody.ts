/**
 * Runs socle's Prosody modules in a Lua 5.3 VM (fengari) against a small fake of the Prosody API:
 * only what the modules call. `module:hook` handlers run by priority, highest first, and a handler
 * that returns a value stops the event, as in Prosody's util.events; `module:context(host)` reads
 * per-host options; `prosody.events.fire_event` records what was fired and calls the handler the
 * scenario installed (standing in for jitsi-meet's modules); `require "util.jid"` gives split.
 * Rooms record the calls that matter (members-only, affiliations).
 */
import fengari from 'fengari';

const { lua, lauxlib, lualib, to_luastring } = fengari;

const FAKE_PROSODY = String.raw`
local hooks = {}
logs = {}
fired = {}
global_handlers = {}
options = {}

module = { host = MODULE_HOST }
function module:hook(name, handler, priority)
  hooks[name] = hooks[name] or {}
  table.insert(hooks[name], { handler = handler, priority = priority or 0 })
  table.sort(hooks[name], function (a, b) return a.priority > b.priority end)
end
function module:log(level, fmt, ...)
  table.insert(logs, level .. " " .. string.format(fmt, ...))
end
function module:context(host)
  local function option(_, name, default)
    local value = (options[host] or {})[name]
    if value == nil then return default end
    return value
  end
  return { get_option_string = option, get_option_boolean = option }
end

prosody = { events = { fire_event = function (name, data)
  table.insert(fired, { name = name, data = data })
  local handler = global_handlers[name]
  if handler then return handler(data) end
end } }

package.preload["util.jid"] = function ()
  return { split = function (jid)
    local node, host = jid:match("^([^@/]+)@([^/]+)")
    if node then return node, host end
    return nil, jid:match("^([^/]+)")
  end }
end

-- Fires a module:hook event; returns the first handler's non-nil result.
function fire(name, data)
  for _, h in ipairs(hooks[name] or {}) do
    local result = h.handler(data)
    if result ~= nil then return result end
  end
end
function hook_names()
  local names = {}
  for name in pairs(hooks) do table.insert(names, name) end
  table.sort(names)
  return table.concat(names, ",")
end
function hook_priorities(name)
  local p = {}
  for _, h in ipairs(hooks[name] or {}) do table.insert(p, tostring(h.priority)) end
  return table.concat(p, ",")
end

function new_room(jid)
  local room = { jid = jid, _data = {}, affiliations = {}, members_only = false, set_members_only_calls = 0 }
  function room:get_members_only() return self.members_only end
  function room:set_members_only(value)
    self.set_members_only_calls = self.set_members_only_calls + 1
    self.members_only = value
  end
  function room:get_affiliation(who) return self.affiliations[who] end
  function room:set_affiliation(actor, who, affiliation)
    if actor ~= true then error("affiliation set by an actor, not by the server") end
    self.affiliations[who] = affiliation
    return true
  end
  return room
end
`;

function load(L: object, code: string, name: string): void {
  if (lauxlib.luaL_loadbuffer(L, to_luastring(code), null, to_luastring(`@${name}`)) !== lua.LUA_OK) throw new Error(lua.lua_tojsstring(L, -1));
  if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) throw new Error(`${name}: ${lua.lua_tojsstring(L, -1)}`);
}

export interface ProsodyRun {
  /** The scenario's result table, values as Lua's tostring. */
  result: Record<string, string>;
  /** `module:log` lines, "level message". */
  logs: string[];
}

/**
 * Loads the modules (file name → source) into one fake Prosody host, then runs the scenario, a Lua
 * chunk that returns a flat table; keys and values come back as strings.
 */
export function runProsody(host: string, modules: Record<string, string>, scenario: string): ProsodyRun {
  const L = lauxlib.luaL_newstate();
  try {
    lualib.luaL_openlibs(L);
    load(L, `MODULE_HOST = ${JSON.stringify(host)}\n${FAKE_PROSODY}`, 'fake-prosody.lua');
    for (const [name, source] of Object.entries(modules)) load(L, source, name);
    const wrapped = `local r = (function () ${scenario}\nend)()
local lines = {}
for k, v in pairs(r) do table.insert(lines, tostring(k) .. "=" .. tostring(v)) end
table.sort(lines)
return table.concat(lines, "\\n") .. "\\0" .. table.concat(logs, "\\n")`;
    load(L, wrapped, 'scenario.lua');
    const [table = '', logLines = ''] = lua.lua_tojsstring(L, -1).split('\0');
    const result = Object.fromEntries(table.split('\n').filter((l) => l !== '').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return { result, logs: logLines.split('\n').filter((l) => l !== '') };
  } finally {
    lua.lua_close(L);
  }
}
