/** The part of fengari (Lua 5.3 in JavaScript, no type declarations of its own) that fake-prosody.ts uses. */
declare module 'fengari' {
  type LuaState = object;
  const fengari: {
    lua: {
      LUA_OK: number;
      LUA_TTABLE: number;
      lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
      lua_tojsstring(L: LuaState, index: number): string;
      lua_type(L: LuaState, index: number): number;
      lua_pushnil(L: LuaState): void;
      lua_next(L: LuaState, index: number): number;
      lua_pop(L: LuaState, n: number): void;
      lua_close(L: LuaState): void;
    };
    lauxlib: {
      luaL_newstate(): LuaState;
      luaL_loadbuffer(L: LuaState, code: Uint8Array, size: number | null, chunkname: Uint8Array): number;
      luaL_tolstring(L: LuaState, index: number): Uint8Array;
    };
    lualib: { luaL_openlibs(L: LuaState): void };
    to_luastring(s: string): Uint8Array;
  };
  export default fengari;
}
