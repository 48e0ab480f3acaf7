// Adds lockfile entries for other platforms' optional binaries that the
// registry mirror these machines use does not carry (so npm could not record
// them, and `npm ci` then refuses the lockfile as out of sync). Each stub is
// tagged with its os/cpu, so npm skips it on this platform and never fetches it.
// Run after changing dependencies: node scripts/lock-platform-stubs.mjs
import fs from 'node:fs';

const PLATFORM = /(android|darwin|freebsd|linux|win32|openharmony)-(arm64|x64|arm|ia32|loong64|ppc64|riscv64|s390x|wasm32)/;

/** The stub lock entry for an optional platform package `name@version`. */
function stubEntry(name, version) {
  const entry = { version, optional: true };
  const match = PLATFORM.exec(name);
  if (name.includes('wasm32')) entry.cpu = ['wasm32'];
  else if (match) Object.assign(entry, { os: [match[1]], cpu: [match[2]] });
  if (/musl/.test(name)) entry.libc = ['musl'];
  else if (/gnu/.test(name)) entry.libc = ['glibc'];
  return entry;
}

const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
let added = 0;
for (const entry of Object.values(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    packages[key] = stubEntry(name, version);
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} platform stub entries`);
