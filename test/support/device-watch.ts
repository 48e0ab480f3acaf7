/**
 * A device that polls GET /v1/device/flags every ~100 ms and a load balancer
 * asking /health/ready every 200 ms, recording every answer.
 */
export function watchDevice(baseUrl: string, credential: string) {
  const pollFailures: string[] = [];
  const readiness: number[] = [];
  let polls = 0;
  let running = true;
  let etag: string | undefined;
  const poller = (async () => {
    while (running) {
      try {
        const response = await fetch(`${baseUrl}/v1/device/flags`, {
          headers: { authorization: `Bearer ${credential}`, ...(etag ? { 'if-none-match': etag } : {}) },
        });
        await response.arrayBuffer();
        if (response.status === 200) etag = response.headers.get('etag') ?? undefined;
        else if (response.status !== 304) pollFailures.push(`status ${response.status}`);
        polls++;
      } catch (error) {
        pollFailures.push((error as Error).message);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const prober = (async () => {
    while (running) {
      try {
        const response = await fetch(`${baseUrl}/health/ready`);
        await response.arrayBuffer();
        readiness.push(response.status);
      } catch {
        readiness.push(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    pollFailures,
    readiness,
    polls: () => polls,
    async stop() {
      running = false;
      await Promise.all([poller, prober]);
    },
  };
}
