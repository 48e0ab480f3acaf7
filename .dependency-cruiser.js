// The layout rules of README.md "Architecture", checked by `npm run lint` (`depcruise apps libs test`).
// test/boundaries.spec.ts proves each rule fails on a violating import in a fixture tree.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lib-imports-app',
      severity: 'error',
      comment: 'A lib never imports an app: apps wire libs together, not the other way round.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'app-imports-other-app',
      severity: 'error',
      comment: "An app never imports another app's internals: move what both need into a lib (e.g. @killswitch/api-client, @killswitch/fleet-sim).",
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'lib-deep-import',
      severity: 'error',
      comment:
        'A lib is imported only through its index (`@killswitch/<lib>`), or its browser-safe entry (`src/browser.ts`, no Node imports, for the admin UI); files inside one lib import each other relatively. A lib nested in a lib is a deep import too.',
      from: { path: '^(libs/[^/]+|apps/[^/]+|test|bench|scripts)/' },
      to: { path: '^libs/[^/]+/', pathNot: ['^$1/', '^libs/[^/]+/src/(index|browser)\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, between files or (checked from the same graph by scripts/check-boundaries.mjs) between libs.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing (e.g. `@killswitch/<lib>/<sub>`, which the path alias does not map) is a typo or a deep import.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The generated Prisma client is not ours to arrange.
    exclude: { path: '^libs/db/src/generated/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a type is as much a dependency of the layout as a value.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
