import { setFlagsFromString } from 'node:v8';
import type { EnvConfig } from '@killswitch/config';

/**
 * Applies HEAP_COMPACTION to this process's V8 heap, at startup (the flag is read at each full collection, so setting
 * it before the first one is as the command line's `--compact-on-every-full-gc`). Past 100,000 cached devices, V8's
 * heuristics left pages a third full after a burst of first polls (1,000,000 devices: 480 MiB committed for 290 MiB
 * used); compacting every full collection keeps the committed heap at what is used, for a longer pause a full
 * collection (BENCHMARKS.md, "API memory").
 */
export function applyHeapCompaction(config: Pick<EnvConfig, 'HEAP_COMPACTION'>): void {
  if (config.HEAP_COMPACTION === 'every-full-gc') setFlagsFromString('--compact-on-every-full-gc');
}
