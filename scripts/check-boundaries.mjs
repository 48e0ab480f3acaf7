// `npm run lint:boundaries` (part of `npm run lint`): the layout rules of README.md "Architecture".
//
//   node scripts/check-boundaries.mjs    (run from the repository root, or from a fixture tree in tests)
//
// dependency-cruiser checks the rules in .dependency-cruiser.js on every import
// of apps/, libs/ and test/ under the current directory (type-only imports
// included). It sees cycles between files only, so this script adds the one
// rule it cannot state: no cycle between libs (lib a imports lib b, which
// imports lib a through other files). Specs are left out of that graph: a test
// may drive several libs. Prints each violation and exits 1 if there is any.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, format } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const require = createRequire(import.meta.url);
const CONFIG = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.dependency-cruiser.js');

/** The first cycle in the lib graph, as a list of lib names ending where it starts; undefined when there is none. */
export function libCycle(graph) {
  const state = new Map(); // lib → 'open' while on the DFS stack, 'done' after
  const stack = [];
  const visit = (lib) => {
    state.set(lib, 'open');
    stack.push(lib);
    for (const next of [...(graph.get(lib) ?? [])].sort()) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(lib, 'done');
    return undefined;
  };
  for (const lib of [...graph.keys()].sort()) {
    if (state.has(lib)) continue;
    const found = visit(lib);
    if (found) return found;
  }
  return undefined;
}

/** lib → the other libs its non-test files import. */
export function libGraph(modules) {
  const graph = new Map();
  for (const module of modules) {
    const from = /^libs\/([^/]+)\//.exec(module.source)?.[1];
    if (!from || /\.spec\.ts$/.test(module.source)) continue;
    for (const dependency of module.dependencies) {
      const to = /^libs\/([^/]+)\//.exec(dependency.resolved)?.[1];
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from).add(to);
    }
  }
  return graph;
}

async function main() {
  const roots = ['apps', 'libs', 'test'].filter((dir) => existsSync(dir));
  const { options: ruleOptions, forbidden } = require(CONFIG);
  const cruiseOptions = { ...ruleOptions, validate: true, ruleSet: { forbidden }, outputType: 'json' };
  const tsConfig = extractTSConfig(path.resolve(ruleOptions.tsConfig.fileName));
  const { output } = await cruise(roots, cruiseOptions, undefined, { tsConfig });
  const result = typeof output === 'string' ? JSON.parse(output) : output;

  const report = await format(result, { outputType: 'err' });
  let failed = report.exitCode !== 0;
  process.stdout.write(typeof report.output === 'string' ? report.output : '');

  const cycle = libCycle(libGraph(result.modules));
  if (cycle) {
    failed = true;
    process.stdout.write(`\n  error lib-cycle: ${cycle.map((lib) => `libs/${lib}`).join(' → ')}\n\n`);
  }
  if (!failed) process.stdout.write(`boundaries: ${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} imports, no violation\n`);
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
