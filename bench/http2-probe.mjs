// Would an HTTP/2 (h2c) listener make an ack cheaper? A bare node:http server and a bare node:http2 server, each in
// its own child process, answer the same small JSON to `POST /v1/device/acks` (the ack's request and answer sizes,
// no work behind them); this process sends them 100 requests in flight: over 100 keep-alive HTTP/1.1 connections
// (one request each at a time, as devices and a proxy's upstream pool send them), and over a few HTTP/2 sessions
// (every stream of a session shares its socket, so one write can carry many answers). Prints each server's CPU a
// request (process.cpuUsage in the child, over the measured pass) and this process's. Not part of `npm run bench`.
//
//   node bench/http2-probe.mjs        BENCH_REQUESTS=50000 (a pass; a first, unmeasured pass warms up)
//
// The children are this file, run with `serve h1|h2 <port>`.

import { fork } from 'node:child_process';
import http from 'node:http';
import http2 from 'node:http2';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const IN_FLIGHT = 100;
const ANSWER = JSON.stringify({ rev: 3, acknowledged: 1 });
const REQUEST = Buffer.from(JSON.stringify({ rev: 3 }));

function serve(kind, port) {
  const handler = (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ANSWER) });
      res.end(ANSWER);
    });
  };
  const server = kind === 'h2' ? http2.createServer({ maxConcurrentStreams: 1000 }, handler) : http.createServer({ keepAliveTimeout: 60_000 }, handler);
  server.listen(port, '127.0.0.1', () => process.send('ready'));
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send({ cpuUs: user + system });
  });
}

/** One request over HTTP/1.1 (keep-alive agent) or over one of the HTTP/2 sessions, in turn. */
function sender(kind, port, connections) {
  if (kind === 'h1') {
    const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
    const send = () =>
      new Promise((resolve, reject) => {
        const headers = { 'content-type': 'application/json', 'content-length': REQUEST.length, authorization: 'Bearer probe' };
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/device/acks', agent, headers }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end(REQUEST);
      });
    return { send, close: () => agent.destroy() };
  }
  const sessions = Array.from({ length: connections }, () => http2.connect(`http://127.0.0.1:${port}`));
  let next = 0;
  const send = () =>
    new Promise((resolve, reject) => {
      const stream = sessions[next++ % connections].request({
        ':method': 'POST',
        ':path': '/v1/device/acks',
        'content-type': 'application/json',
        authorization: 'Bearer probe',
      });
      stream.on('data', () => {});
      stream.on('end', resolve);
      stream.on('error', reject);
      stream.end(REQUEST);
    });
  return { send, close: () => sessions.forEach((session) => session.close()) };
}

async function measure(kind, connections, requests) {
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  const child = fork(fileURLToPath(import.meta.url), ['serve', kind, String(port)]);
  await new Promise((resolve) => child.once('message', resolve));
  const serverCpu = () =>
    new Promise((resolve) => {
      child.once('message', (m) => resolve(m.cpuUs));
      child.send('cpu');
    });
  const pass = async () => {
    const { send, close } = sender(kind, port, connections);
    let sent = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (sent < requests) {
          sent++;
          await send();
        }
      }),
    );
    close();
  };
  try {
    await pass();
    const before = await serverCpu();
    const ownBefore = process.cpuUsage();
    const started = performance.now();
    await pass();
    const seconds = (performance.now() - started) / 1000;
    const own = process.cpuUsage(ownBefore);
    const server = (await serverCpu()) - before;
    return { perSecond: requests / seconds, serverUs: server / requests, clientUs: (own.user + own.system) / requests };
  } finally {
    child.kill();
  }
}

async function main() {
  const requests = Number(process.env.BENCH_REQUESTS ?? 50_000);
  const cases = [
    ['h1', 100, 'HTTP/1.1, 100 connections'],
    ['h2', 4, 'HTTP/2 (h2c), 4 sessions'],
    ['h2', 1, 'HTTP/2 (h2c), 1 session'],
    ['h1', 100, 'HTTP/1.1, 100 connections (again)'],
  ];
  console.log(`| server | requests a second | server CPU a request | client CPU a request |\n| --- | ---: | ---: | ---: |`);
  for (const [kind, connections, label] of cases) {
    const r = await measure(kind, connections, requests);
    console.log(`| ${label} | ${Math.round(r.perSecond)} | ${r.serverUs.toFixed(1)} µs | ${r.clientUs.toFixed(1)} µs |`);
  }
}

if (process.argv[2] === 'serve') serve(process.argv[3], Number(process.argv[4]));
else await main();
