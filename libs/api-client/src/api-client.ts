/** The HTTP API over Node's fetch: JSON in and out, API errors and network failures turned into CliErrors. */
import { ApiError, CliError, ExitCode } from './cli-error';

export type Query = Record<string, string | number | boolean | undefined>;

const REQUEST_TIMEOUT_MS = 30_000;

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate cannot be verified',
};

/** `https://host:port/prefix` without a trailing slash; anything but an http(s) URL is a usage error. */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(ExitCode.usage, `${raw} is not a URL: write the API's base URL, e.g. https://killswitch.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(ExitCode.usage, `${raw} must be an http:// or https:// URL`);
  if (url.search || url.hash) throw new CliError(ExitCode.usage, `${raw}: the API URL takes no query or fragment`);
  return url.toString().replace(/\/+$/, '');
}

function errnoOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof code === 'string') return code;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}

/** Says plainly that (and why) the API could not be reached. */
export function networkError(baseUrl: string, error: unknown): CliError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError') return new CliError(ExitCode.network, `the API at ${baseUrl} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
  const code = errnoOf(error);
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause?.message;
  const reason = code
    ? `${NETWORK_REASONS[code] ?? 'network error'} (${code})`
    : typeof cause === 'string'
      ? cause
      : ((error as Error)?.message ?? String(error));
  return new CliError(ExitCode.network, `cannot reach the API at ${baseUrl}: ${reason}`);
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.json<T>('POST', path, { body: body ?? {} });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('PATCH', path, { body });
  }

  delete<T = void>(path: string): Promise<T> {
    return this.json<T>('DELETE', path, {});
  }

  /** The body of a GET as text (exports: Markdown or JSON as the server wrote it). */
  async text(path: string, query?: Query): Promise<string> {
    const response = await this.send('GET', path, { query, accept: '*/*' });
    return response.text();
  }

  /** Opens a server-sent event stream; the caller reads the body and aborts with `signal`. */
  async stream(path: string, signal: AbortSignal): Promise<Response> {
    return this.send('GET', path, { accept: 'text/event-stream', signal });
  }

  private async json<T>(method: string, path: string, options: { query?: Query; body?: unknown }): Promise<T> {
    const response = await this.send(method, path, { ...options, accept: 'application/json' });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(ExitCode.failure, `the API at ${this.baseUrl} answered ${method} ${path} with something that is not JSON`);
    }
  }

  private async send(method: string, path: string, options: { query?: Query; body?: unknown; accept: string; signal?: AbortSignal }): Promise<Response> {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: options.accept, 'user-agent': 'killswitch-cli' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw networkError(this.baseUrl, error);
    }
    if (!response.ok) throw await this.apiError(response);
    return response;
  }

  private async apiError(response: Response): Promise<ApiError> {
    let body: { message?: unknown; requestId?: unknown; error?: unknown; code?: unknown; details?: unknown } = {};
    try {
      body = (await response.json()) as typeof body;
    } catch {
      // not the API's error shape (a proxy's page, an empty body): the status says enough
    }
    const statusText = typeof body.error === 'string' ? body.error : response.statusText;
    const message = typeof body.message === 'string' && body.message ? body.message : `the API answered ${response.status} ${statusText}`;
    const requestId = typeof body.requestId === 'string' ? body.requestId : (response.headers.get('x-request-id') ?? undefined);
    let hint: string | undefined;
    if (response.status === 401) hint = 'log in again with `killswitch login --url <api> --email <you>`, or check --token / KILLSWITCH_TOKEN';
    if (response.status === 429) hint = `wait ${response.headers.get('retry-after') ?? 'a little'} s and try again`;
    const code = typeof body.code === 'string' ? body.code : undefined;
    const details = Array.isArray(body.details) ? body.details.filter((d): d is string => typeof d === 'string') : undefined;
    // Our API sends seconds; an HTTP date (RFC 9110 allows one) is left unread.
    const retryAfter = /^\d+$/.test(response.headers.get('retry-after') ?? '') ? Number(response.headers.get('retry-after')) : undefined;
    return new ApiError(response.status, statusText, message, requestId, hint, code, details, retryAfter);
  }
}
