import proxyAddr from '@fastify/proxy-addr';
import { Transform, plainToInstance } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const MAKE_KEY_ENCRYPTION_KEY = 'make one with openssl rand -base64 32 and keep it outside the database';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

/**
 * Every environment variable the apps read, validated once at start-up.
 * Nothing else in the code base reads process.env.
 */
export class EnvConfig {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgresql:// connection string' })
  DATABASE_URL!: string;

  /**
   * A streaming replica of DATABASE_URL for reads that may be a moment stale (admin lists, audit reads and
   * exports, cold-cache loads of device credentials and facts, each checked against the primary's WAL
   * position). Unset: every read goes to DATABASE_URL. Writes and the kill path never use it.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_REPLICA_URL must be a postgresql:// connection string' })
  DATABASE_REPLICA_URL?: string;

  /** The replica serves stale-tolerant reads only while it has replayed what the primary had this long ago; past it, the primary does. */
  @Transform(toInt)
  @IsInt({ message: 'DATABASE_REPLICA_MAX_LAG_MS must be an integer of milliseconds (100 to 600000)' })
  @Min(100, { message: 'DATABASE_REPLICA_MAX_LAG_MS must be an integer of milliseconds (100 to 600000)' })
  @Max(600_000, { message: 'DATABASE_REPLICA_MAX_LAG_MS must be an integer of milliseconds (100 to 600000)' })
  DATABASE_REPLICA_MAX_LAG_MS = 5_000;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL!: string;

  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer between 1 and 65535' })
  @Min(1, { message: 'PORT must be an integer between 1 and 65535' })
  @Max(65535, { message: 'PORT must be an integer between 1 and 65535' })
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** The worker's own /metrics and /health/live, on WORKER_METRICS_HOST; 0 takes any free port (tests). */
  @Transform(toInt)
  @IsInt({ message: 'WORKER_METRICS_PORT must be an integer between 0 and 65535 (0: any free port)' })
  @Min(0, { message: 'WORKER_METRICS_PORT must be an integer between 0 and 65535 (0: any free port)' })
  @Max(65535, { message: 'WORKER_METRICS_PORT must be an integer between 0 and 65535 (0: any free port)' })
  WORKER_METRICS_PORT = 9464;

  /**
   * The address the worker's metrics server binds; unset: HOST. The compose file publishes the port from the
   * worker's container, which needs a non-loopback address there; 127.0.0.1 keeps it to a scraper on the same host.
   */
  @IsOptional()
  @Matches(/^[0-9A-Za-z.:%_-]{1,253}$/, { message: 'WORKER_METRICS_HOST must be an address or host name to bind, e.g. 127.0.0.1' })
  WORKER_METRICS_HOST?: string;

  /**
   * When set, GET /metrics (the API's, and the worker's) answers only `Authorization: Bearer <METRICS_TOKEN>`
   * (Prometheus: `authorization: { credentials: … }`), 401 otherwise. Unset: no credential, as before.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{32,512}$/, { message: 'METRICS_TOKEN must be 32-512 printable characters without spaces (make one with openssl rand -hex 32)' })
  METRICS_TOKEN?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsEmail({}, { message: 'KILLSWITCH_ADMIN_EMAIL must be an email address' })
  KILLSWITCH_ADMIN_EMAIL?: string;

  @IsOptional()
  @MinLength(12, { message: 'KILLSWITCH_ADMIN_PASSWORD must be at least 12 characters' })
  KILLSWITCH_ADMIN_PASSWORD?: string;

  @Transform(toInt)
  @IsInt({ message: 'SESSION_TTL_SEC must be an integer of seconds (60 to 604800)' })
  @Min(60, { message: 'SESSION_TTL_SEC must be an integer of seconds (60 to 604800)' })
  @Max(604800, { message: 'SESSION_TTL_SEC must be an integer of seconds (60 to 604800)' })
  SESSION_TTL_SEC = 12 * 3600;

  /**
   * Failed password sign-ins (POST /v1/auth/login and /v1/auth/session together) one client address may make in a
   * minute; past it, 429 with Retry-After. Sign-ins with the right password are not counted. Kept in Redis, so every
   * API instance shares the count (each counts alone while Redis does not answer).
   */
  @Transform(toInt)
  @IsInt({ message: 'LOGIN_RATE_LIMIT must be a positive integer (failed sign-ins a minute per client address)' })
  @Min(1, { message: 'LOGIN_RATE_LIMIT must be a positive integer (failed sign-ins a minute per client address)' })
  LOGIN_RATE_LIMIT = 10;

  /**
   * Failed sign-ins to one account (by its normalised email, from any number of addresses) before each next one
   * waits, 15 s doubling up to LOGIN_ACCOUNT_MAX_WAIT_SEC. An address the account signed in from keeps a count of its
   * own, so guessing from elsewhere does not lock the person out where they usually sign in (libs/identity login-limiter.ts).
   */
  @Transform(toInt)
  @IsInt({ message: 'LOGIN_ACCOUNT_LIMIT must be an integer from 1 to 1000 (failed sign-ins to one account before it waits)' })
  @Min(1, { message: 'LOGIN_ACCOUNT_LIMIT must be an integer from 1 to 1000 (failed sign-ins to one account before it waits)' })
  @Max(1000, { message: 'LOGIN_ACCOUNT_LIMIT must be an integer from 1 to 1000 (failed sign-ins to one account before it waits)' })
  LOGIN_ACCOUNT_LIMIT = 5;

  @Transform(toInt)
  @IsInt({ message: 'LOGIN_ACCOUNT_MAX_WAIT_SEC must be an integer of seconds (15 to 86400)' })
  @Min(15, { message: 'LOGIN_ACCOUNT_MAX_WAIT_SEC must be an integer of seconds (15 to 86400)' })
  @Max(86_400, { message: 'LOGIN_ACCOUNT_MAX_WAIT_SEC must be an integer of seconds (15 to 86400)' })
  LOGIN_ACCOUNT_MAX_WAIT_SEC = 900;

  /**
   * The proxies in front of the API (a load balancer), as Fastify's trustProxy option takes them: their addresses and
   * CIDR ranges, comma-separated (`loopback`, `linklocal` and `uniquelocal` name the usual ranges), or `true` for every
   * hop. Unset: off, X-Forwarded-For is ignored and the client address is the connection's. Set: the client address
   * (sign-in and refusal limits, logs, sessions) is the one the trusted proxies report. Checked by checkTrustProxy.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /**
   * Requests a minute one `signals` API token may make to POST /v1/signals and /v1/signals/alertmanager together
   * (then 429 with Retry-After). Alertmanager's webhook notifier does not retry a 429: the notification is dropped
   * until the group's next flush (group_interval, 5 min by default), and an alert that resolves meanwhile never
   * arrives. So the default is sized for an alert storm, not for a trickle: 50 notifications a second for a whole
   * minute, twice over (an HA pair whose replicas both send). What a flood costs is bounded by SIGNALS_QUEUE_MAX
   * and the one-at-a-time intake, not by this. Counted per API instance.
   */
  @Transform(toInt)
  @IsInt({ message: 'SIGNALS_RATE_LIMIT must be an integer from 1 to 100000 (requests a minute per signals token)' })
  @Min(1, { message: 'SIGNALS_RATE_LIMIT must be an integer from 1 to 100000 (requests a minute per signals token)' })
  @Max(100_000, { message: 'SIGNALS_RATE_LIMIT must be an integer from 1 to 100000 (requests a minute per signals token)' })
  SIGNALS_RATE_LIMIT = 6000;

  /**
   * Signal requests of one `signals` token that may wait on an API instance while another is written: the instance
   * writes one signal request at a time (they all take the audit chain's lock), tokens in turn. Past it the request is
   * answered 503 with Retry-After before any database work and without counting against SIGNALS_RATE_LIMIT;
   * Alertmanager retries a 5xx with backoff. Bounds the memory a flood can hold: at most this many bodies a token.
   */
  @Transform(toInt)
  @IsInt({ message: 'SIGNALS_QUEUE_MAX must be an integer from 1 to 10000 (signal requests waiting per signals token)' })
  @Min(1, { message: 'SIGNALS_QUEUE_MAX must be an integer from 1 to 10000 (signal requests waiting per signals token)' })
  @Max(10_000, { message: 'SIGNALS_QUEUE_MAX must be an integer from 1 to 10000 (signal requests waiting per signals token)' })
  SIGNALS_QUEUE_MAX = 200;

  /**
   * Refused attempts (401, 403) a credential, or an address without a valid
   * credential, may make in REFUSAL_WINDOW_SEC before it is answered 429 with
   * Retry-After, before any database work. Counted per API instance.
   */
  @Transform(toInt)
  @IsInt({ message: 'REFUSAL_LIMIT must be an integer from 1 to 100000' })
  @Min(1, { message: 'REFUSAL_LIMIT must be an integer from 1 to 100000' })
  @Max(100_000, { message: 'REFUSAL_LIMIT must be an integer from 1 to 100000' })
  REFUSAL_LIMIT = 30;

  @Transform(toInt)
  @IsInt({ message: 'REFUSAL_WINDOW_SEC must be an integer of seconds (1 to 3600)' })
  @Min(1, { message: 'REFUSAL_WINDOW_SEC must be an integer of seconds (1 to 3600)' })
  @Max(3600, { message: 'REFUSAL_WINDOW_SEC must be an integer of seconds (1 to 3600)' })
  REFUSAL_WINDOW_SEC = 60;

  /**
   * How V8 compacts the API's heap. `v8` (default): V8's own heuristics. `every-full-gc`: every full collection moves
   * the live objects together and gives the emptied pages back, so a fleet's first polls after a restart (each cached
   * device promoted among its request's garbage) leave no half-empty pages committed: less resident memory a device
   * between bursts, for full-collection pauses about ten times as long and no lower a peak. BENCHMARKS.md has both.
   */
  @IsIn(['every-full-gc', 'v8'], { message: 'HEAP_COMPACTION must be every-full-gc or v8' })
  HEAP_COMPACTION: 'every-full-gc' | 'v8' = 'v8';

  /** Server-sent event streams one person or device may hold open on one API instance (revocation progress). */
  @Transform(toInt)
  @IsInt({ message: 'STREAMS_PER_PRINCIPAL must be an integer from 1 to 1000' })
  @Min(1, { message: 'STREAMS_PER_PRINCIPAL must be an integer from 1 to 1000' })
  @Max(1000, { message: 'STREAMS_PER_PRINCIPAL must be an integer from 1 to 1000' })
  STREAMS_PER_PRINCIPAL = 10;

  /**
   * A client must have sent a request's headers within HTTP_HEADERS_TIMEOUT_MS
   * and its whole body within HTTP_REQUEST_TIMEOUT_MS, or its connection is
   * closed (408). Responses are not limited: server-sent event streams stay
   * open for hours.
   */
  @Transform(toInt)
  @IsInt({ message: 'HTTP_HEADERS_TIMEOUT_MS must be an integer of milliseconds (500 to 120000)' })
  @Min(500, { message: 'HTTP_HEADERS_TIMEOUT_MS must be an integer of milliseconds (500 to 120000)' })
  @Max(120_000, { message: 'HTTP_HEADERS_TIMEOUT_MS must be an integer of milliseconds (500 to 120000)' })
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @IsInt({ message: 'HTTP_REQUEST_TIMEOUT_MS must be an integer of milliseconds (1000 to 600000)' })
  @Min(1000, { message: 'HTTP_REQUEST_TIMEOUT_MS must be an integer of milliseconds (1000 to 600000)' })
  @Max(600_000, { message: 'HTTP_REQUEST_TIMEOUT_MS must be an integer of milliseconds (1000 to 600000)' })
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** Connections a process may open to PostgreSQL; replicas × this must stay under the server's max_connections. */
  @Transform(toInt)
  @IsInt({ message: 'DATABASE_POOL_MAX must be an integer from 1 to 200' })
  @Min(1, { message: 'DATABASE_POOL_MAX must be an integer from 1 to 200' })
  @Max(200, { message: 'DATABASE_POOL_MAX must be an integer from 1 to 200' })
  DATABASE_POOL_MAX = 20;

  @Transform(toInt)
  @IsInt({ message: 'BODY_LIMIT_BYTES must be an integer from 1024 to 10485760' })
  @Min(1024, { message: 'BODY_LIMIT_BYTES must be an integer from 1024 to 10485760' })
  @Max(10 * 1024 * 1024, { message: 'BODY_LIMIT_BYTES must be an integer from 1024 to 10485760' })
  BODY_LIMIT_BYTES = 64 * 1024;

  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'KILLSWITCH_QUEUE_PREFIX must be 1-64 letters, digits, _ or -' })
  KILLSWITCH_QUEUE_PREFIX = 'killswitch';

  @Matches(/^\S{1,200}$/, { message: 'KILLSWITCH_ISSUER must be a non-empty string without spaces' })
  KILLSWITCH_ISSUER = 'killswitch';

  @Transform(toInt)
  @IsInt({ message: 'SNAPSHOT_TTL_SEC must be an integer of seconds (10 to 86400)' })
  @Min(10, { message: 'SNAPSHOT_TTL_SEC must be an integer of seconds (10 to 86400)' })
  @Max(86400, { message: 'SNAPSHOT_TTL_SEC must be an integer of seconds (10 to 86400)' })
  SNAPSHOT_TTL_SEC = 900;

  @Transform(toInt)
  @IsInt({ message: 'FANOUT_PAGE_SIZE must be an integer from 10 to 10000' })
  @Min(10, { message: 'FANOUT_PAGE_SIZE must be an integer from 10 to 10000' })
  @Max(10000, { message: 'FANOUT_PAGE_SIZE must be an integer from 10 to 10000' })
  FANOUT_PAGE_SIZE = 1000;

  /**
   * How often a worker looks for fan-outs that stopped: a revocation not fanned out whose cursor has not moved for a
   * whole interval has its fan-out queued again (FanoutSweep). Its job may have been lost with a Redis that kept
   * nothing on disk, or failed for good after its retries (a long database outage).
   */
  @Transform(toInt)
  @IsInt({ message: 'FANOUT_SWEEP_SEC must be an integer of seconds (1 to 3600)' })
  @Min(1, { message: 'FANOUT_SWEEP_SEC must be an integer of seconds (1 to 3600)' })
  @Max(3600, { message: 'FANOUT_SWEEP_SEC must be an integer of seconds (1 to 3600)' })
  FANOUT_SWEEP_SEC = 60;

  /** A delivery not acknowledged this long after it was queued is marked expired (a later ack still closes it). */
  @Transform(toInt)
  @IsInt({ message: 'DELIVERY_TTL_SEC must be an integer of seconds (60 to 2592000)' })
  @Min(60, { message: 'DELIVERY_TTL_SEC must be an integer of seconds (60 to 2592000)' })
  @Max(2_592_000, { message: 'DELIVERY_TTL_SEC must be an integer of seconds (60 to 2592000)' })
  DELIVERY_TTL_SEC = 86_400;

  /** `production` makes the checks that protect a real deployment mandatory (see loadConfig). */
  @IsString()
  NODE_ENV = 'development';

  /**
   * Seals the snapshot signing keys stored in the database (libs/snapshots key-encryption.ts).
   * Required in production: without it a copy of the database can sign snapshots devices accept.
   */
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, {
    message: `KILLSWITCH_KEY_ENCRYPTION_KEY must be 32 random bytes as base64 or 64 hex digits: ${MAKE_KEY_ENCRYPTION_KEY}`,
  })
  KILLSWITCH_KEY_ENCRYPTION_KEY?: string;

  /**
   * Where signed audit checkpoints are appended (one JSON line each), outside
   * the database: a rewrite of the whole chain by someone holding the database
   * is still caught against them. Mount it on storage the database holders
   * cannot rewrite.
   */
  @Matches(/^[^\0\r\n]{1,1024}$/, { message: 'AUDIT_CHECKPOINT_DIR must be a directory path (1-1024 characters, one line)' })
  AUDIT_CHECKPOINT_DIR = '.data/audit-checkpoints';

  @Transform(toInt)
  @IsInt({ message: 'AUDIT_CHECKPOINT_INTERVAL_SEC must be an integer of seconds (1 to 86400)' })
  @Min(1, { message: 'AUDIT_CHECKPOINT_INTERVAL_SEC must be an integer of seconds (1 to 86400)' })
  @Max(86400, { message: 'AUDIT_CHECKPOINT_INTERVAL_SEC must be an integer of seconds (1 to 86400)' })
  AUDIT_CHECKPOINT_INTERVAL_SEC = 300;

  /**
   * GET /v1/audit/verify walks only the entries appended since the last walk of this process (after checking that
   * the last verified entry still carries its hash); the whole chain from genesis is walked again when the last
   * full walk is older than this (and on `?full=true`). 0: every verification is a full walk.
   */
  @Transform(toInt)
  @IsInt({ message: 'AUDIT_VERIFY_FULL_INTERVAL_SEC must be an integer of seconds (0 to 604800)' })
  @Min(0, { message: 'AUDIT_VERIFY_FULL_INTERVAL_SEC must be an integer of seconds (0 to 604800)' })
  @Max(604_800, { message: 'AUDIT_VERIFY_FULL_INTERVAL_SEC must be an integer of seconds (0 to 604800)' })
  AUDIT_VERIFY_FULL_INTERVAL_SEC = 3600;

  /**
   * GET /v1/revocations/:id counts the revocation's deliveries by state. Once such a read took this long, requests for
   * that revocation share reads, each answer serving them for ten times its duration (at most 10 s): a large
   * revocation's progress polled in a loop costs the database about a tenth of a core, not one. 0: always shared.
   */
  @Transform(toInt)
  @IsInt({ message: 'PROGRESS_SHARED_READ_MIN_MS must be an integer of milliseconds (0 to 60000)' })
  @Min(0, { message: 'PROGRESS_SHARED_READ_MIN_MS must be an integer of milliseconds (0 to 60000)' })
  @Max(60_000, { message: 'PROGRESS_SHARED_READ_MIN_MS must be an integer of milliseconds (0 to 60000)' })
  PROGRESS_SHARED_READ_MIN_MS = 50;

  /**
   * Outbound webhooks may reach loopback and private networks (10/8, 172.16/12, 192.168/16, 100.64/10,
   * 127/8, fc00::/7, ::1): for tests and on-premises receivers. Link-local and cloud metadata addresses
   * are refused even then (libs/webhooks url-guard.ts).
   */
  @IsIn(['true', 'false'], { message: 'WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' | 'false' = 'false';

  /** A webhook receiver must answer within this, or the attempt fails (and is retried). */
  @Transform(toInt)
  @IsInt({ message: 'WEBHOOK_TIMEOUT_MS must be an integer of milliseconds (100 to 60000)' })
  @Min(100, { message: 'WEBHOOK_TIMEOUT_MS must be an integer of milliseconds (100 to 60000)' })
  @Max(60_000, { message: 'WEBHOOK_TIMEOUT_MS must be an integer of milliseconds (100 to 60000)' })
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** The first retry's delay; each next one doubles, up to a sixth of WEBHOOK_RETRY_WINDOW_SEC. */
  @Transform(toInt)
  @IsInt({ message: 'WEBHOOK_RETRY_BASE_MS must be an integer of milliseconds (10 to 600000)' })
  @Min(10, { message: 'WEBHOOK_RETRY_BASE_MS must be an integer of milliseconds (10 to 600000)' })
  @Max(600_000, { message: 'WEBHOOK_RETRY_BASE_MS must be an integer of milliseconds (10 to 600000)' })
  WEBHOOK_RETRY_BASE_MS = 5_000;

  /**
   * How long a webhook delivery is retried before it is given up, and how long a subscription's deliveries may
   * fail without a success before the subscription is disabled (an audit entry and a webhook.disabled event).
   */
  @Transform(toInt)
  @IsInt({ message: 'WEBHOOK_RETRY_WINDOW_SEC must be an integer of seconds (1 to 604800)' })
  @Min(1, { message: 'WEBHOOK_RETRY_WINDOW_SEC must be an integer of seconds (1 to 604800)' })
  @Max(604_800, { message: 'WEBHOOK_RETRY_WINDOW_SEC must be an integer of seconds (1 to 604800)' })
  WEBHOOK_RETRY_WINDOW_SEC = 86_400;

  /**
   * How often a worker looks for webhook deliveries whose job is gone: a pending delivery with no attempt under way,
   * due for more than a whole interval, whose one job is missing (lost with a Redis that kept nothing on disk) or
   * finished has it queued again (WebhookDeliverySweep). Without it such a delivery stays pending and is never sent.
   * Likewise a committed event whose webhook fan-out is not done a whole interval after the relay handed it over, its
   * job missing or finished (WebhookFanoutSweep): without it, that event's deliveries are never made.
   */
  @Transform(toInt)
  @IsInt({ message: 'WEBHOOK_SWEEP_SEC must be an integer of seconds (1 to 3600)' })
  @Min(1, { message: 'WEBHOOK_SWEEP_SEC must be an integer of seconds (1 to 3600)' })
  @Max(3600, { message: 'WEBHOOK_SWEEP_SEC must be an integer of seconds (1 to 3600)' })
  WEBHOOK_SWEEP_SEC = 60;

  /**
   * Single sign-on (OpenID Connect): on when OIDC_ISSUER is set. The API discovers the provider at start-up
   * (OIDC_ISSUER/.well-known/openid-configuration) and refuses to start if it cannot.
   */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: "OIDC_ISSUER must be the provider's issuer URL (https://...)" })
  OIDC_ISSUER?: string;

  @IsOptional()
  @Matches(/^\S{1,256}$/, { message: 'OIDC_CLIENT_ID must be the client id registered at the provider' })
  OIDC_CLIENT_ID?: string;

  /** Absent: a public client (PKCE only). */
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /** Where the provider sends the browser back: <public URL of the API>/v1/auth/oidc/callback, registered at the provider. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+\/v1\/auth\/oidc\/callback$/, { message: 'OIDC_REDIRECT_URI must be <public URL>/v1/auth/oidc/callback' })
  OIDC_REDIRECT_URI?: string;

  /** The provider's name on the sign-in page ("Sign in with <name>"). */
  @Matches(/^[^\0\r\n<>]{1,60}$/, { message: 'OIDC_PROVIDER_NAME must be 1-60 characters on one line' })
  OIDC_PROVIDER_NAME = 'single sign-on';

  @Matches(/^openid( [\w:./-]+)*$/, { message: 'OIDC_SCOPES must be space-separated scopes starting with openid' })
  OIDC_SCOPES = 'openid email profile groups';

  /** The ID token (or userinfo) claim that lists the person's groups. */
  @Matches(/^[\w:./-]{1,100}$/, { message: 'OIDC_ROLES_CLAIM must be a claim name' })
  OIDC_ROLES_CLAIM = 'groups';

  /**
   * An `email` claim that comes without `email_verified`: ignore (the account is shown as oidc:<issuer>#<subject>) or
   * trust it as the person's, for a provider that never sends the claim and whose emails only the organisation's
   * administrators set (Microsoft Entra ID in a single-tenant app). `email_verified: false` is never trusted.
   */
  @IsIn(['ignore', 'trust'], { message: 'OIDC_EMAIL_WITHOUT_VERIFIED must be ignore or trust' })
  OIDC_EMAIL_WITHOUT_VERIFIED: 'ignore' | 'trust' = 'ignore';

  /** JSON: provider group -> Killswitch roles, e.g. {"ks-admins":["admin"],"oncall":["responder","approver"]}. */
  @IsOptional()
  @IsString()
  OIDC_ROLE_MAP?: string;

  /** off: email and password sign-in is refused for everyone but LOCAL_LOGIN_BREAK_GLASS (needs OIDC_ISSUER). */
  @IsIn(['on', 'off'], { message: 'LOCAL_LOGIN must be on or off' })
  LOCAL_LOGIN: 'on' | 'off' = 'on';

  /** The one local admin who may still sign in with a password when LOCAL_LOGIN=off; each such sign-in is audited as break glass. */
  @IsOptional()
  @IsEmail({}, { message: 'LOCAL_LOGIN_BREAK_GLASS must be an email address' })
  LOCAL_LOGIN_BREAK_GLASS?: string;
}

export class ConfigError extends Error {}

/** Validates the environment; the first problem is thrown as one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const known = Object.keys(new EnvConfig()).concat([
    'DATABASE_URL',
    'DATABASE_REPLICA_URL',
    'REDIS_URL',
    'KILLSWITCH_ADMIN_EMAIL',
    'KILLSWITCH_ADMIN_PASSWORD',
    'KILLSWITCH_KEY_ENCRYPTION_KEY',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'OIDC_REDIRECT_URI',
    'OIDC_ROLE_MAP',
    'LOCAL_LOGIN_BREAK_GLASS',
    'TRUST_PROXY',
    'WORKER_METRICS_HOST',
    'METRICS_TOKEN',
  ]);
  const raw: Record<string, string> = {};
  for (const key of new Set(known)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(EnvConfig, raw);
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const first = errors[0];
    const message = first.value === undefined ? `${first.property} is not set` : Object.values(first.constraints ?? {})[0];
    throw new ConfigError(`config error: ${message}`);
  }
  if (Boolean(config.KILLSWITCH_ADMIN_EMAIL) !== Boolean(config.KILLSWITCH_ADMIN_PASSWORD)) {
    throw new ConfigError('config error: set both KILLSWITCH_ADMIN_EMAIL and KILLSWITCH_ADMIN_PASSWORD, or neither');
  }
  if (config.NODE_ENV === 'production' && !config.KILLSWITCH_KEY_ENCRYPTION_KEY) {
    throw new ConfigError(`config error: KILLSWITCH_KEY_ENCRYPTION_KEY is not set (required when NODE_ENV=production): ${MAKE_KEY_ENCRYPTION_KEY}`);
  }
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError('config error: HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS (the request timeout includes the headers)');
  }
  checkOidc(config);
  checkTrustProxy(config);
  return config;
}

/** TRUST_PROXY as Fastify's trustProxy option takes it: off, every hop (`true`), or the proxies' addresses and ranges. */
export type TrustedProxies = false | true | readonly string[];

export function trustedProxies(config: Pick<EnvConfig, 'TRUST_PROXY'>): TrustedProxies {
  const setting = config.TRUST_PROXY?.trim();
  if (!setting || setting === 'false') return false;
  if (setting === 'true') return true;
  return setting.split(',').map((entry) => entry.trim());
}

const TRUST_PROXY_FORM = "TRUST_PROXY must be the proxies' addresses or CIDR ranges, comma-separated (or loopback, linklocal, uniquelocal), true, or false";

function checkTrustProxy(config: EnvConfig): void {
  const setting = config.TRUST_PROXY?.trim();
  // Fastify no longer honours a hop count (it cannot tell a proxy from a client that sends X-Forwarded-For itself):
  // taken silently, it would trust nothing and leave every client behind the balancer on one address.
  if (setting !== undefined && /^\d+$/.test(setting)) {
    throw new ConfigError(`config error: ${TRUST_PROXY_FORM}; a hop count (${setting}) is not taken: name the proxies`);
  }
  const proxies = trustedProxies(config);
  if (typeof proxies === 'boolean') return;
  for (const entry of proxies) {
    try {
      if (entry === '') throw new TypeError('empty entry');
      proxyAddr.compile(entry);
    } catch {
      throw new ConfigError(`config error: ${TRUST_PROXY_FORM}; "${entry}" is none of these`);
    }
  }
}

/** Roles a provider group may map to (people's roles; `signals` is for tokens only). */
const MAPPABLE_ROLES = ['admin', 'responder', 'approver', 'auditor'];

/** OIDC_ROLE_MAP parsed: provider group -> Killswitch roles. */
export function oidcRoleMap(config: EnvConfig): Record<string, string[]> {
  return config.OIDC_ROLE_MAP ? (JSON.parse(config.OIDC_ROLE_MAP) as Record<string, string[]>) : {};
}

function checkOidc(config: EnvConfig): void {
  if (!config.OIDC_ISSUER) {
    if (config.LOCAL_LOGIN === 'off') throw new ConfigError('config error: LOCAL_LOGIN=off needs single sign-on (set OIDC_ISSUER), or nobody could sign in');
    return;
  }
  if (!config.OIDC_CLIENT_ID || !config.OIDC_REDIRECT_URI || !config.OIDC_ROLE_MAP) {
    throw new ConfigError('config error: OIDC_ISSUER needs OIDC_CLIENT_ID, OIDC_REDIRECT_URI and OIDC_ROLE_MAP too');
  }
  let map: unknown;
  try {
    map = JSON.parse(config.OIDC_ROLE_MAP);
  } catch {
    map = undefined;
  }
  const valid =
    typeof map === 'object' &&
    map !== null &&
    !Array.isArray(map) &&
    Object.values(map).every((roles) => Array.isArray(roles) && roles.every((role) => MAPPABLE_ROLES.includes(role as string)));
  if (!valid) {
    throw new ConfigError(`config error: OIDC_ROLE_MAP must be a JSON object of group -> roles (${MAPPABLE_ROLES.join(', ')}), e.g. {"ks-admins":["admin"]}`);
  }
}
