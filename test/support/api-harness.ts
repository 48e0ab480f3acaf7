import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EnvConfig, loadConfig } from '@killswitch/config';
import { createApiApp } from '../../apps/api/src/create-api-app';

/** The admin every test API instance bootstraps (idempotent across test files of one run). */
export const TEST_ADMIN = { email: 'admin@killswitch.test', password: 'test-admin-password-1' };

export interface TestApi {
  app: NestFastifyApplication;
  config: EnvConfig;
  /** `remoteAddress`: the connection's peer address (default 127.0.0.1). */
  request(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; remoteAddress?: string },
  ): Promise<TestResponse>;
  login(email: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  /** A new user with these roles, and a session token for them. */
  userWith(...rolesAndOptions: (string | UserOptions)[]): Promise<{ id: string; email: string; password: string; token: string }>;
  /** Listens on a free loopback port (for real HTTP clients) and returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** How userWith makes the account: by default the test admin creates it. */
export interface UserOptions {
  /** The token of the admin who creates it (four eyes tells who appointed whom). */
  createdBy?: string;
}

export interface TestResponse {
  status: number;
  headers: Record<string, string | number | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  text: string;
}

/**
 * An API on the run's own database (see test/global-setup.mjs), driven in-process with light-my-request.
 * `logger: true` logs through nestjs-pino as in production (at LOG_LEVEL silent unless `env` says otherwise).
 */
export async function startTestApi(env: Record<string, string> = {}, options: { logger?: boolean } = {}): Promise<TestApi> {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT: '1000',
    // Failed sign-ins are counted in Redis across every test API of a run: tests that mean to reach a limit set it low.
    LOGIN_ACCOUNT_LIMIT: '1000',
    SIGNALS_RATE_LIMIT: '10000',
    KILLSWITCH_ADMIN_EMAIL: TEST_ADMIN.email,
    KILLSWITCH_ADMIN_PASSWORD: TEST_ADMIN.password,
    ...env,
  });
  const app = await createApiApp(config, { logger: options.logger ?? false });
  await app.getHttpAdapter().getInstance().ready();
  let cachedAdmin: string | undefined;

  const api: TestApi = {
    app,
    config,
    async request(method, url, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let payload: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        payload = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      } else if (payload !== undefined) {
        headers['content-type'] ??= 'application/json';
      }
      const response = await app.inject({ method: method as 'GET', url, headers, payload, remoteAddress: options.remoteAddress });
      let body: unknown;
      try {
        body = response.body ? JSON.parse(response.body) : undefined;
      } catch {
        body = undefined;
      }
      return { status: response.statusCode, headers: response.headers, body, text: response.body };
    },
    async login(email, password) {
      const response = await api.request('POST', '/v1/auth/login', { body: { email, password } });
      if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${response.text}`);
      return response.body.accessToken as string;
    },
    async adminToken() {
      cachedAdmin ??= await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
      return cachedAdmin;
    },
    async userWith(...rolesAndOptions) {
      const roles = rolesAndOptions.filter((r): r is string => typeof r === 'string');
      const options = rolesAndOptions.find((r): r is UserOptions => typeof r !== 'string') ?? {};
      const email = `${roles.join('-') || 'user'}-${randomUUID()}@killswitch.test`;
      const password = `pw-${randomUUID()}`;
      const created = await api.request('POST', '/v1/users', { token: options.createdBy ?? (await api.adminToken()), body: { email, password, roles } });
      if (created.status !== 201) throw new Error(`creating ${email} failed: ${created.status} ${created.text}`);
      return { id: created.body.id as string, email, password, token: await api.login(email, password) };
    },
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address() as { port: number };
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      await app.close();
    },
  };
  return api;
}
