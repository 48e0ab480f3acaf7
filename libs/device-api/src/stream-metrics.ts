import { Gauge } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/** The DeviceStreams of this process (one; tests may start several APIs in one process). */
const sources = new Set<{ readonly size: number }>();

/** Read on scrape: the streams held open right now, no bookkeeping on the hot path. */
new Gauge({
  name: 'killswitch_device_streams_open',
  help: 'Device push streams connected to this API instance',
  registers: [metricsRegistry],
  collect() {
    let open = 0;
    for (const source of sources) open += source.size;
    this.set(open);
  },
});

export function countStreams(source: { readonly size: number }): () => void {
  sources.add(source);
  return () => sources.delete(source);
}
