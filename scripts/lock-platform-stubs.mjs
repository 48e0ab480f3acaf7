import fs from 'node:fs';
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const pk = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(pk)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (pk[key]) continue;
    const m = name.match(/(android|darwin|freebsd|linux|win32|openharmony)-(arm64|x64|arm|ia32|loong64|ppc64|riscv64|s390x|wasm32)/);
    const os = m ? [m[1]] : undefined; const cpu = m ? [m[2]] : undefined;
    const e = { version, optional: true };
    if (name.includes('wasm32')) { e.cpu = ['wasm32']; } else if (m) { e.os = os; e.cpu = cpu; }
    if (/musl/.test(name)) e.libc = ['musl']; else if (/gnu/.test(name)) e.libc = ['glibc'];
    pk[key] = e; added++; console.log('stub', key, JSON.stringify(e));
  }
}
const sorted = Object.fromEntries(Object.entries(pk).sort(([a],[b]) => a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
lock.packages = sorted;
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log('added', added);
