// Jest runs CommonJS. NestJS 12 ships ESM-only packages and Jest on Node 20
// cannot require() ESM, so @swc/jest compiles our TypeScript (with decorator
// metadata) and those ESM packages to CommonJS. Type-checking is `npm run typecheck`.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const fs = require('node:fs');
const path = require('node:path');

/** Packages in node_modules that ship ESM ("type": "module"): these, and only these, are compiled. */
function esmPackages(root = path.join(__dirname, 'node_modules')) {
  const names = new Set();
  const visit = (dir, prefix = '') => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      if (entry.name.startsWith('@') && !prefix) {
        visit(path.join(dir, entry.name), `${entry.name}/`);
        continue;
      }
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, entry.name, 'package.json'), 'utf8'));
        if (pkg.type === 'module') names.add(prefix + entry.name);
      } catch {
        // not a package
      }
    }
  };
  visit(root);
  return [...names].map((name) => name.replace(/[.+]/g, '\\$&'));
}

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages().join('|')})/)`],
  moduleNameMapper: { '^@killswitch/(.*)$': '<rootDir>/libs/$1/src', '^(\\.{1,2}/.*)\\.js$': '$1' },
  // apps/admin/e2e/*.e2e.spec.ts drive the built admin UI in Chromium; the UI's own sources (apps/admin/src) are not Jest's.
  testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/admin/src/'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  setupFilesAfterEnv: ['<rootDir>/test/retry-once.ts'],
  testTimeout: 30000,
  // On 2 cores Jest has one worker, and would run every file in its own process: what the files leave behind (their
  // module registries, Nest applications, pools) grew past V8's 4 GB heap near the end of a run (an out-of-memory
  // abort at 1,500 s). With a limit, the files run in a worker process instead, replaced once a file leaves it above it.
  workerIdleMemoryLimit: '1.5GB',
  // Once every suite has reported (and the global teardown has run), exit: a suite whose beforeAll failed may leave
  // a server or pool it never got to close, and a run that then waits for it forever reports nothing to CI.
  forceExit: true,
};
