// After `tsc`: the files tsc does not copy (Lua scripts, the Werkplek's stylesheet and browser
// module) go beside the compiled code, so dist/ runs on its own (the production image has no src/).
import { cpSync, rmSync } from 'node:fs';

for (const dir of ['redis/scripts', 'web/assets']) {
  rmSync(`dist/${dir}`, { recursive: true, force: true });
  cpSync(`src/${dir}`, `dist/${dir}`, { recursive: true, filter: (path) => !path.endsWith('.d.ts') });
}
