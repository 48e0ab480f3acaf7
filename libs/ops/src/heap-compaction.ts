import { setFlagsFromString } from 'node:v8';
import type { EnvConfig } from '@killswitch/config';

/**
 * Applies HEAP_COMPACTION=every-full-gc to this process's V8 heap at start-up: V8 reads `--compact-on-every-full-gc`
 * at each full collection, so it acts from the next one on. Node calls V8 flags set after start unpredictable in
 * general; test/heap-compaction.spec.ts checks that this one takes effect on the Node in use (and `node
 * --compact-on-every-full-gc` on the command line does the same without the setting). Past 100,000 cached devices,
 * V8's heuristics left pages partly empty after a burst of first polls (1,000,000 devices: 306-428 bytes of heap
 * committed a device for 235 used); compacting every full collection keeps it at what is used, for pauses about ten
 * times as long (BENCHMARKS.md, "Heap compaction on every full collection").
 */
export function applyHeapCompaction(config: Pick<EnvConfig, 'HEAP_COMPACTION'>): void {
  if (config.HEAP_COMPACTION === 'every-full-gc') setFlagsFromString('--compact-on-every-full-gc');
}
