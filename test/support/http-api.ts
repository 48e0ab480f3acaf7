import type { TestApi, TestResponse } from './api-harness';
import { TEST_ADMIN } from './api-harness';

/** The request side of TestApi against a real API process (started with TEST_ADMIN as its first admin). */
export type HttpApi = Pick<TestApi, 'request' | 'adminToken'>;

export function httpApi(baseUrl: string): HttpApi {
  let token: string | undefined;
  const api: HttpApi = {
    async request(method, url, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      const payload = options.body !== undefined ? JSON.stringify(options.body) : options.rawBody;
      if (payload !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${baseUrl}${url}`, { method, headers, body: payload });
      const text = await response.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const result: TestResponse = { status: response.status, headers: Object.fromEntries(response.headers), body, text };
      return result;
    },
    async adminToken() {
      if (!token) {
        const login = await api.request('POST', '/v1/auth/login', { body: TEST_ADMIN });
        if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
        token = login.body.accessToken as string;
      }
      return token;
    },
  };
  return api;
}
