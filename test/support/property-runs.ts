import * as fc from 'fast-check';

/**
 * Options for fc.assert in integration properties: few runs (each drives the
 * real API and worker), and a seed that is printed before the runs start and
 * can be given back, so a failure seen once in CI can be replayed:
 *
 *   FC_SEED=<seed> [FC_PATH=<path>] npx jest <file>
 *
 * fast-check names the seed and path of a failure in its own message too; the
 * line printed up front also covers a run that times out or crashes instead.
 */
export function propertyRuns(name: string, numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() ^ (Math.random() * 0x100000000);
  const path = process.env.FC_PATH;
  process.stdout.write(`${name}: fast-check seed ${seed}${path ? `, path ${path}` : ''} (replay with FC_SEED=${seed})\n`);
  return { numRuns, seed, ...(path ? { path } : {}), endOnFailure: true, verbose: 1 };
}
