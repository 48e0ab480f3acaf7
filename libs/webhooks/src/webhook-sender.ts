/**
 * One HTTP POST of a delivery: the address checked when the socket connects (url-guard.ts), a deadline
 * for the whole exchange, and no redirect followed (a 3xx is a failure: following it would let a
 * receiver send us anywhere). Never throws: the outcome is what the attempt records.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { truncateCodePoints } from '@killswitch/db';
import { guardedLookup, literalRefusal } from './url-guard';

export interface SendRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** How much of a receiver's answer is read (and how much of it an attempt keeps in its error). */
const MAX_RESPONSE_BYTES = 64 * 1024;
const ERROR_EXCERPT = 200;

export function sendWebhook(req: SendRequest): Promise<SendOutcome> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): SendOutcome => ({
    ok: error === null,
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  const url = new URL(req.url);
  const refused = literalRefusal(url, req.allowPrivate);
  if (refused) return Promise.resolve(done(null, `refused to connect: ${refused}`));

  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)), 'user-agent': 'Killswitch-Webhooks/1' },
        lookup: guardedLookup(req.allowPrivate),
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('error', (error) => finish(done(status, `reading the answer failed: ${error.message}`)));
        response.on('end', () => {
          if (status >= 200 && status < 300) return finish(done(status, null));
          if (status >= 300 && status < 400) {
            return finish(done(status, `redirect to ${response.headers.location ?? '(no location)'} not followed: a webhook URL must answer itself`));
          }
          const excerpt = truncateCodePoints(Buffer.concat(chunks).toString('utf8'), ERROR_EXCERPT).trim();
          finish(done(status, `receiver answered ${status}${excerpt ? `: ${excerpt}` : ''}`));
        });
      },
    );
    const deadline = setTimeout(() => {
      finish(done(null, `no answer within ${req.timeoutMs} ms`));
      request.destroy();
    }, req.timeoutMs);
    request.on('error', (error) => finish(done(null, error.message)));
    request.end(req.body);
  });
}
