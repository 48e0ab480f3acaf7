import { EnvConfig, loadConfig } from './env.config';

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
