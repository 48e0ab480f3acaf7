// A lean HTTP/1.1 load client for benchmarks whose figure must be bound by the API, not by the client: node's
// fetch costs about 500 µs of CPU a request, more than the request costs the API. Here each request is one
// pre-built buffer written to a keep-alive socket, and each response is read by its status line and
// Content-Length alone. Every response is accounted for: its status is recorded against its own request, and a
// response that cannot be read that way (no Content-Length, chunked) or a socket that closes with requests
// outstanding fails those requests (status 0); nothing is retried or counted twice.

import net from 'node:net';
import { performance } from 'node:perf_hooks';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

/**
 * The bytes of one request: `method path`, the headers given and Content-Length, then the body. A GET carries no
 * Content-Length, as a device's poll does not (a GET with one is a GET with a body, which the API hands to Fastify).
 */
export function buildRequest(method, path, host, headers, body = '') {
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (method !== 'GET' || body !== '') lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/**
 * Sends every request once over `connections` keep-alive sockets, `pipeline` in flight on each (1: one at a time,
 * as a device does). Returns, for request i, statuses[i] (0: no answer) and latencies[i] (ms).
 */
export async function sendAll({ host, port, requests, connections, pipeline = 1 }) {
  const statuses = new Uint16Array(requests.length);
  const latencies = new Float64Array(requests.length);
  let next = 0;
  const lane = () =>
    new Promise((resolve) => {
      const socket = net.connect({ host, port, noDelay: true });
      const inFlight = []; // request indexes, in the order their answers come back
      const sentAt = [];
      let buffered = Buffer.alloc(0);
      const fill = () => {
        while (inFlight.length < pipeline && next < requests.length) {
          const i = next++;
          inFlight.push(i);
          sentAt.push(performance.now());
          socket.write(requests[i]);
        }
        if (inFlight.length === 0) socket.end();
      };
      socket.once('connect', fill);
      socket.on('data', (chunk) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        for (;;) {
          const headerEnd = buffered.indexOf(HEADER_END);
          if (headerEnd < 0) break;
          const head = buffered.toString('latin1', 0, headerEnd);
          const length = CONTENT_LENGTH.exec(head);
          if (!length || /\r\ntransfer-encoding:/i.test(head)) return socket.destroy(new Error(`unreadable response: ${head.split('\r\n')[0]}`));
          const end = headerEnd + HEADER_END.length + Number(length[1]);
          if (buffered.length < end) break;
          const i = inFlight.shift();
          latencies[i] = performance.now() - sentAt.shift();
          statuses[i] = Number(head.slice(9, 12));
          buffered = buffered.subarray(end);
        }
        fill();
      });
      socket.on('error', () => undefined);
      // Requests still outstanding when the socket closes keep status 0: failed, not retried.
      socket.once('close', () => resolve());
    });
  await Promise.all(Array.from({ length: Math.min(connections, requests.length) }, lane));
  return { statuses, latencies };
}
