import { loadConfig } from '@killswitch/config';

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('audit checkpoint settings', () => {
  it('default to .data/audit-checkpoints, every 300 s', () => {
    expect(loadConfig(base)).toMatchObject({ AUDIT_CHECKPOINT_DIR: '.data/audit-checkpoints', AUDIT_CHECKPOINT_INTERVAL_SEC: 300 });
    expect(loadConfig({ ...base, AUDIT_CHECKPOINT_DIR: '/var/lib/killswitch/checkpoints', AUDIT_CHECKPOINT_INTERVAL_SEC: '60' })).toMatchObject({
      AUDIT_CHECKPOINT_DIR: '/var/lib/killswitch/checkpoints',
      AUDIT_CHECKPOINT_INTERVAL_SEC: 60,
    });
  });

  it('refuse an interval that is not a whole number of seconds from 1 to 86400, and a directory of several lines', () => {
    for (const value of ['0', '86401', '5m', '1.5']) {
      expect(() => loadConfig({ ...base, AUDIT_CHECKPOINT_INTERVAL_SEC: value })).toThrow(
        'config error: AUDIT_CHECKPOINT_INTERVAL_SEC must be an integer of seconds (1 to 86400)',
      );
    }
    expect(() => loadConfig({ ...base, AUDIT_CHECKPOINT_DIR: 'a\nb' })).toThrow(
      'config error: AUDIT_CHECKPOINT_DIR must be a directory path (1-1024 characters, one line)',
    );
  });
});
