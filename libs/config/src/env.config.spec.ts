import { EnvConfig, loadConfig, trustedProxies } from './env.config';

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x', REDIS_URL: 'redis://127.0.0.1:6379' };

describe(loadConfig.name, () => {
  it('applies defaults for optional variables', () => {
    const config = loadConfig(base);
    expect(config).toBeInstanceOf(EnvConfig);
    expect(config.PORT).toBe(3000);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DATABASE_POOL_MAX).toBe(20);
    expect(config.WORKER_METRICS_PORT).toBe(9464);
    expect(loadConfig({ ...base, WORKER_METRICS_PORT: '0' }).WORKER_METRICS_PORT).toBe(0);
    expect(loadConfig({ ...base, DATABASE_POOL_MAX: '8' }).DATABASE_POOL_MAX).toBe(8);
  });

  it('names a missing required variable in one line', () => {
    expect(() => loadConfig({ REDIS_URL: base.REDIS_URL })).toThrow(/^config error: DATABASE_URL is not set$/);
  });

  it('names a malformed variable and says what to fix', () => {
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow('config error: PORT must be an integer between 1 and 65535');
    expect(() => loadConfig({ ...base, REDIS_URL: 'localhost' })).toThrow(/REDIS_URL must be a redis:\/\//);
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/);
    expect(() => loadConfig({ ...base, DATABASE_POOL_MAX: '0' })).toThrow('DATABASE_POOL_MAX must be an integer from 1 to 200');
    expect(() => loadConfig({ ...base, WORKER_METRICS_PORT: '65536' })).toThrow(
      'WORKER_METRICS_PORT must be an integer between 0 and 65535 (0: any free port)',
    );
    expect(() => loadConfig({ ...base, WORKER_METRICS_PORT: 'off' })).toThrow('WORKER_METRICS_PORT must be an integer between 0 and 65535 (0: any free port)');
  });

  it('refuses an admin email without a password', () => {
    expect(() => loadConfig({ ...base, KILLSWITCH_ADMIN_EMAIL: 'a@example.com' })).toThrow(/set both KILLSWITCH_ADMIN_EMAIL and KILLSWITCH_ADMIN_PASSWORD/);
  });
});

describe('metrics settings', () => {
  it('METRICS_TOKEN is off by default, and when set is long and without spaces', () => {
    expect(loadConfig(base).METRICS_TOKEN).toBeUndefined();
    const token = 'f'.repeat(64);
    expect(loadConfig({ ...base, METRICS_TOKEN: token }).METRICS_TOKEN).toBe(token);
    const message = 'METRICS_TOKEN must be 32-512 printable characters without spaces (make one with openssl rand -hex 32)';
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'short' })).toThrow(message);
    expect(() => loadConfig({ ...base, METRICS_TOKEN: `${'a'.repeat(20)} ${'b'.repeat(20)}` })).toThrow(message);
  });

  it('WORKER_METRICS_HOST is unset by default (the worker binds HOST), and must be an address', () => {
    expect(loadConfig(base).WORKER_METRICS_HOST).toBeUndefined();
    expect(loadConfig({ ...base, WORKER_METRICS_HOST: '127.0.0.1' }).WORKER_METRICS_HOST).toBe('127.0.0.1');
    expect(loadConfig({ ...base, WORKER_METRICS_HOST: '::1' }).WORKER_METRICS_HOST).toBe('::1');
    expect(() => loadConfig({ ...base, WORKER_METRICS_HOST: 'http://x' })).toThrow(
      'WORKER_METRICS_HOST must be an address or host name to bind, e.g. 127.0.0.1',
    );
  });

  it('PROGRESS_SHARED_READ_MIN_MS is 50 ms by default, 0 to 60000', () => {
    expect(loadConfig(base).PROGRESS_SHARED_READ_MIN_MS).toBe(50);
    expect(loadConfig({ ...base, PROGRESS_SHARED_READ_MIN_MS: '0' }).PROGRESS_SHARED_READ_MIN_MS).toBe(0);
    for (const bad of ['-1', '60001', 'soon'])
      expect(() => loadConfig({ ...base, PROGRESS_SHARED_READ_MIN_MS: bad })).toThrow(
        'PROGRESS_SHARED_READ_MIN_MS must be an integer of milliseconds (0 to 60000)',
      );
  });

  it('FANOUT_SWEEP_SEC is a minute by default, from 1 s to an hour', () => {
    expect(loadConfig(base).FANOUT_SWEEP_SEC).toBe(60);
    expect(loadConfig({ ...base, FANOUT_SWEEP_SEC: '1' }).FANOUT_SWEEP_SEC).toBe(1);
    for (const bad of ['0', '3601', 'soon'])
      expect(() => loadConfig({ ...base, FANOUT_SWEEP_SEC: bad })).toThrow('FANOUT_SWEEP_SEC must be an integer of seconds (1 to 3600)');
  });

  it('WEBHOOK_SWEEP_SEC is a minute by default, from 1 s to an hour', () => {
    expect(loadConfig(base).WEBHOOK_SWEEP_SEC).toBe(60);
    expect(loadConfig({ ...base, WEBHOOK_SWEEP_SEC: '1' }).WEBHOOK_SWEEP_SEC).toBe(1);
    expect(loadConfig({ ...base, WEBHOOK_SWEEP_SEC: '3600' }).WEBHOOK_SWEEP_SEC).toBe(3600);
    for (const bad of ['0', '3601', '1.5', 'soon'])
      expect(() => loadConfig({ ...base, WEBHOOK_SWEEP_SEC: bad })).toThrow('WEBHOOK_SWEEP_SEC must be an integer of seconds (1 to 3600)');
  });

  it('AUDIT_VERIFY_FULL_INTERVAL_SEC is an hour by default; 0 makes every verification a full walk', () => {
    expect(loadConfig(base).AUDIT_VERIFY_FULL_INTERVAL_SEC).toBe(3600);
    expect(loadConfig({ ...base, AUDIT_VERIFY_FULL_INTERVAL_SEC: '0' }).AUDIT_VERIFY_FULL_INTERVAL_SEC).toBe(0);
    expect(() => loadConfig({ ...base, AUDIT_VERIFY_FULL_INTERVAL_SEC: '-1' })).toThrow(
      'AUDIT_VERIFY_FULL_INTERVAL_SEC must be an integer of seconds (0 to 604800)',
    );
  });
});

describe('DATABASE_REPLICA_URL', () => {
  it('is optional: unset, every read goes to DATABASE_URL', () => {
    expect(loadConfig(base).DATABASE_REPLICA_URL).toBeUndefined();
    expect(loadConfig(base).DATABASE_REPLICA_MAX_LAG_MS).toBe(5_000);
  });

  it('is validated like DATABASE_URL, with its lag bound', () => {
    const replica = 'postgresql://postgres@127.0.0.1:5433/x';
    expect(loadConfig({ ...base, DATABASE_REPLICA_URL: replica }).DATABASE_REPLICA_URL).toBe(replica);
    expect(() => loadConfig({ ...base, DATABASE_REPLICA_URL: 'replica-host:5432' })).toThrow(
      'config error: DATABASE_REPLICA_URL must be a postgresql:// connection string',
    );
    expect(() => loadConfig({ ...base, DATABASE_REPLICA_MAX_LAG_MS: '10' })).toThrow(
      'DATABASE_REPLICA_MAX_LAG_MS must be an integer of milliseconds (100 to 600000)',
    );
  });
});

describe('KILLSWITCH_KEY_ENCRYPTION_KEY', () => {
  const key = 'q3VxkX1n2e0m8oGv7Zr8a3F4cQk0bXnq9Vd5l2WJ6gM';

  it('is required in production, and the refusal says how to make one', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      /^config error: KILLSWITCH_KEY_ENCRYPTION_KEY is not set \(required when NODE_ENV=production\): make one with openssl rand -base64 32/,
    );
    expect(loadConfig({ ...base, NODE_ENV: 'production', KILLSWITCH_KEY_ENCRYPTION_KEY: key }).KILLSWITCH_KEY_ENCRYPTION_KEY).toBe(key);
  });

  it('stays optional outside production', () => {
    expect(loadConfig(base).KILLSWITCH_KEY_ENCRYPTION_KEY).toBeUndefined();
  });

  it('takes the forms the signing keys accept (base64 with padding, base64url, hex) and refuses others', () => {
    expect(() => loadConfig({ ...base, KILLSWITCH_KEY_ENCRYPTION_KEY: `${key.replace(/_/g, '/')}=` })).not.toThrow();
    expect(() => loadConfig({ ...base, KILLSWITCH_KEY_ENCRYPTION_KEY: 'ab'.repeat(32) })).not.toThrow();
    expect(() => loadConfig({ ...base, KILLSWITCH_KEY_ENCRYPTION_KEY: 'short' })).toThrow(/KILLSWITCH_KEY_ENCRYPTION_KEY must be 32 random bytes/);
  });
});

describe('single sign-on settings', () => {
  const sso = {
    ...base,
    OIDC_ISSUER: 'https://idp.example.com',
    OIDC_CLIENT_ID: 'killswitch',
    OIDC_REDIRECT_URI: 'https://ks.example.com/v1/auth/oidc/callback',
    OIDC_ROLE_MAP: '{"ks-admins":["admin"],"oncall":["responder","approver"]}',
  };

  it('takes an issuer with its client, redirect URI and role map, with groups as the default claim', () => {
    const config = loadConfig(sso);
    expect(config.OIDC_ROLES_CLAIM).toBe('groups');
    expect(config.LOCAL_LOGIN).toBe('on');
  });

  it('ignores an email sent without email_verified unless told to trust it, and takes nothing else', () => {
    expect(loadConfig(sso).OIDC_EMAIL_WITHOUT_VERIFIED).toBe('ignore');
    expect(loadConfig({ ...sso, OIDC_EMAIL_WITHOUT_VERIFIED: 'trust' }).OIDC_EMAIL_WITHOUT_VERIFIED).toBe('trust');
    expect(() => loadConfig({ ...sso, OIDC_EMAIL_WITHOUT_VERIFIED: 'yes' })).toThrow('config error: OIDC_EMAIL_WITHOUT_VERIFIED must be ignore or trust');
  });

  it('names what an issuer lacks', () => {
    expect(() => loadConfig({ ...sso, OIDC_ROLE_MAP: undefined })).toThrow(
      'config error: OIDC_ISSUER needs OIDC_CLIENT_ID, OIDC_REDIRECT_URI and OIDC_ROLE_MAP too',
    );
  });

  it('refuses a role map that is not JSON of group -> known roles (signals is for tokens only)', () => {
    expect(() => loadConfig({ ...sso, OIDC_ROLE_MAP: 'ks-admins=admin' })).toThrow(/OIDC_ROLE_MAP must be a JSON object of group -> roles/);
    expect(() => loadConfig({ ...sso, OIDC_ROLE_MAP: '{"alerts":["signals"]}' })).toThrow(/OIDC_ROLE_MAP must be/);
    expect(() => loadConfig({ ...sso, OIDC_ROLE_MAP: '{"x":"admin"}' })).toThrow(/OIDC_ROLE_MAP must be/);
  });

  it('refuses LOCAL_LOGIN=off without single sign-on, and a redirect URI that is not the callback', () => {
    expect(() => loadConfig({ ...base, LOCAL_LOGIN: 'off' })).toThrow(/LOCAL_LOGIN=off needs single sign-on/);
    expect(() => loadConfig({ ...sso, OIDC_REDIRECT_URI: 'https://ks.example.com/' })).toThrow(
      /OIDC_REDIRECT_URI must be <public URL>\/v1\/auth\/oidc\/callback/,
    );
    expect(loadConfig({ ...sso, LOCAL_LOGIN: 'off', LOCAL_LOGIN_BREAK_GLASS: 'root@example.com' }).LOCAL_LOGIN_BREAK_GLASS).toBe('root@example.com');
  });
});

describe('TRUST_PROXY', () => {
  it('is off unless set: X-Forwarded-For is not read', () => {
    expect(trustedProxies(loadConfig(base))).toBe(false);
    expect(trustedProxies(loadConfig({ ...base, TRUST_PROXY: 'false' }))).toBe(false);
  });

  it("takes Fastify's trustProxy forms: the proxies' addresses and CIDR ranges, the named ranges, or true", () => {
    expect(trustedProxies(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8' }))).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
    expect(trustedProxies(loadConfig({ ...base, TRUST_PROXY: 'loopback,uniquelocal' }))).toEqual(['loopback', 'uniquelocal']);
    expect(trustedProxies(loadConfig({ ...base, TRUST_PROXY: 'true' }))).toBe(true);
  });

  it('refuses at start what is not an address or range, naming it, and a hop count, which Fastify would take as trusting nobody', () => {
    const form =
      "config error: TRUST_PROXY must be the proxies' addresses or CIDR ranges, comma-separated (or loopback, linklocal, uniquelocal), true, or false";
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'load-balancer.internal' })).toThrow(`${form}; "load-balancer.internal" is none of these`);
    expect(() => loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/33' })).toThrow(`${form}; "10.0.0.0/33" is none of these`);
    expect(() => loadConfig({ ...base, TRUST_PROXY: '10.0.0.1,,10.0.0.2' })).toThrow(`${form}; "" is none of these`);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'true,10.0.0.1' })).toThrow(`${form}; "true" is none of these`);
    expect(() => loadConfig({ ...base, TRUST_PROXY: '1' })).toThrow(`${form}; a hop count (1) is not taken: name the proxies`);
  });
});

describe('failed sign-in limits', () => {
  it('defaults to 10 a minute an address and 5 an account, waiting at most 15 minutes', () => {
    const config = loadConfig(base);
    expect([config.LOGIN_RATE_LIMIT, config.LOGIN_ACCOUNT_LIMIT, config.LOGIN_ACCOUNT_MAX_WAIT_SEC]).toEqual([10, 5, 900]);
  });

  it('refuses limits out of range', () => {
    expect(() => loadConfig({ ...base, LOGIN_ACCOUNT_LIMIT: '0' })).toThrow(/LOGIN_ACCOUNT_LIMIT must be an integer from 1 to 1000/);
    expect(() => loadConfig({ ...base, LOGIN_ACCOUNT_MAX_WAIT_SEC: '5' })).toThrow('LOGIN_ACCOUNT_MAX_WAIT_SEC must be an integer of seconds (15 to 86400)');
  });
});
