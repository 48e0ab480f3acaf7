import type { INestApplicationContext } from '@nestjs/common';
import type { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from './api-harness';
import { testPrisma } from './db';
import { WebhookReceiver } from './webhook-receiver';
import { startTestWorker } from './worker-harness';

/**
 * What an outbound webhooks spec runs against: the API and the worker in-process, the run's database and the admin's
 * token. The receivers and subscriptions its tests make are let go by cleanUp (after each test), so that no retry of
 * theirs runs on for the rest of the run.
 */
export interface WebhooksHarness {
  api: TestApi;
  /** The worker running now: restartWorker replaces it. */
  readonly worker: INestApplicationContext;
  prisma: PrismaClient;
  /** The test admin's session token. */
  admin: string;
  /** A receiver on a loopback port, answering 204 until told otherwise. */
  receiver(): Promise<WebhookReceiver>;
  /** A subscription of `url` to `events`, made by the admin; its secret is shown this once. */
  subscribe(url: string, events: string[], extra?: Record<string, unknown>): Promise<{ id: string; secret: string }>;
  /** Closes the worker and starts another with `env`; resolves to it. */
  restartWorker(env?: Record<string, string>): Promise<INestApplicationContext>;
  /** Deletes the subscriptions made and stops the receivers started since the last cleanUp. */
  cleanUp(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the API, then the worker with `workerEnv`. */
export async function startWebhooksHarness(workerEnv: Record<string, string> = {}): Promise<WebhooksHarness> {
  const api = await startTestApi();
  let worker: INestApplicationContext;
  try {
    worker = await startTestWorker(workerEnv);
  } catch (error) {
    await api.close();
    throw error;
  }
  const prisma = testPrisma();
  const admin = await api.adminToken();
  const receivers: WebhookReceiver[] = [];
  const made: string[] = [];
  return {
    api,
    get worker() {
      return worker;
    },
    prisma,
    admin,
    async receiver() {
      const r = await new WebhookReceiver().start();
      receivers.push(r);
      return r;
    },
    async subscribe(url, events, extra = {}) {
      const r = await api.request('POST', '/v1/webhooks', { token: admin, body: { url, events, ...extra } });
      if (r.status !== 201) throw new Error(`subscribe: ${r.status} ${r.text}`);
      made.push(r.body.id);
      return r.body as { id: string; secret: string };
    },
    async restartWorker(env = {}) {
      await worker.close();
      worker = await startTestWorker(env);
      return worker;
    },
    async cleanUp() {
      for (const id of made.splice(0)) await api.request('DELETE', `/v1/webhooks/${id}`, { token: admin });
      for (const r of receivers.splice(0)) await r.stop();
    },
    async close() {
      await worker.close();
      await api.close();
      await prisma.$disconnect();
    },
  };
}
