import { luaFragment } from '../redis/lua.js';

/**
 * The team lead's counters raised in the same script as the event (src/redis/scripts/includes/
 * count-figures.lua), as text: for src/intake/commit.ts only until its script is a file.
 */
export const luaCountFigures = luaFragment('count-figures');
