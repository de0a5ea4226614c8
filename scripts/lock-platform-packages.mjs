// The npm registry this project is built against serves only the Linux builds of some native
// packages (rollup, msgpackr-extract). npm then leaves the other platforms' optional packages
// out of package-lock.json, and `npm ci` refuses the lock as "out of sync". This adds the
// entries a full registry would have produced (optional, with os/cpu, so no platform ever
// fetches another's). Run after `npm install` whenever dependencies change.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const platform = (name) => {
  const tail = name.split('/').pop().replace(/^(rollup|msgpackr-extract)-/, '');
  const [os, cpu, libc] = tail.split('-');
  const entry = { os: [os === 'win32' ? 'win32' : os], cpu: [cpu === 'x64' || cpu === 'arm64' || cpu === 'ia32' ? cpu : cpu.replace(/gnueabihf|musleabihf/, '')] };
  if (libc === 'gnu' || libc === 'gnueabihf') entry.libc = ['glibc'];
  if (libc === 'musl' || libc === 'musleabihf') entry.libc = ['musl'];
  if (cpu === 'arm') entry.cpu = ['arm'];
  return entry;
};
let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    if (!/^@(rollup|msgpackr-extract)\//.test(dep)) continue;
    const key = `node_modules/${dep}`;
    if (lock.packages[key] || lock.packages[`${path}/node_modules/${dep}`]) continue;
    lock.packages[key] = { version, dev: pkg.dev, optional: true, ...platform(dep) };
    if (!pkg.dev) delete lock.packages[key].dev;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: ${added} platform package entries added`);
