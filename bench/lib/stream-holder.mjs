// A child process of the propagation benchmark that holds many devices' server-sent event streams
// (GET /v1/device/events) and records when each revision's event arrived on each. Several of
// them share a large fleet: one process may hold only as many sockets as its open-file limit
// allows, and one loopback source address has about 28,000 ports. Driven over IPC (startNode's
// `ipc`):
//
//   → { type: 'open', streams: [{ port, credential }], localAddress, concurrency }
//   ← { type: 'opened', open, failed, initialRev }       once every stream has its first answer (or 120 s)
//   → { type: 'wait', rev, timeoutMs }
//   ← { type: 'waited', rev, times, reached, errors }    once every device holds `rev` or later (or the timeout):
//        times[i] = arrival (epoch ms) of the event whose id is `rev` on stream i, null if none
//   → { type: 'close' }                                   ends every stream and exits

import http from 'node:http';

let streams = [];
let latest = new Float64Array(0); // highest rev seen on each stream
const arrivals = new Map(); // rev → Float64Array of arrival times (NaN: not yet)
let errors = 0;

function arrived(i, rev) {
  const at = Date.now();
  let times = arrivals.get(rev);
  if (!times) arrivals.set(rev, (times = new Float64Array(streams.length).fill(NaN)));
  if (Number.isNaN(times[i])) times[i] = at;
  if (rev > latest[i]) latest[i] = rev;
}

/** Opens stream i; resolves when its response headers arrive (status 200) or it fails. */
function open(i, { port, credential }, localAddress) {
  return new Promise((resolve) => {
    const request = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/device/events',
        localAddress,
        headers: { authorization: `Bearer ${credential}`, accept: 'text/event-stream' },
        agent: false,
      },
      (response) => {
        if (response.statusCode !== 200) {
          errors++;
          response.resume();
          return resolve(false);
        }
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const id = /^id: (\d+)$/m.exec(buffer.slice(0, end))?.[1];
            buffer = buffer.slice(end + 2);
            if (id) arrived(i, Number(id));
          }
        });
        response.on('error', () => errors++);
        resolve(true);
      },
    );
    request.on('error', () => {
      errors++;
      resolve(false);
    });
    streams[i] = request;
  });
}

const reachedCount = (rev) => latest.reduce((n, r) => (r >= rev ? n + 1 : n), 0);

async function until(done, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

process.on('message', async (message) => {
  if (message.type === 'open') {
    const { streams: targets, localAddress, concurrency } = message;
    streams = new Array(targets.length);
    latest = new Float64Array(targets.length).fill(-1);
    let next = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < targets.length) {
          const i = next++;
          if (!(await open(i, targets[i], localAddress))) failed++;
        }
      }),
    );
    await until(() => reachedCount(0) >= targets.length - failed, 120_000);
    process.send({ type: 'opened', open: reachedCount(0), failed, initialRev: Math.max(-1, ...latest) });
  } else if (message.type === 'wait') {
    await until(() => reachedCount(message.rev) >= streams.length, message.timeoutMs);
    const times = arrivals.get(message.rev) ?? new Float64Array(streams.length).fill(NaN);
    process.send({
      type: 'waited',
      rev: message.rev,
      times: Array.from(times, (t) => (Number.isNaN(t) ? null : t)),
      reached: reachedCount(message.rev),
      errors,
    });
  } else if (message.type === 'close') {
    for (const request of streams) request?.destroy();
    process.exit(0);
  }
});
