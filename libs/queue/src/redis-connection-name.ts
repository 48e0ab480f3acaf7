import { EnvConfig } from '@killswitch/config';
import { processName } from '@killswitch/db';

/**
 * The name a Redis connection gives itself (CLIENT SETNAME, sent again on every
 * reconnect): `<process>:<role>`, the process named as in PostgreSQL, so
 * CLIENT LIST shows which process holds which connection, and a leak after a
 * Redis restart shows as a name counted twice.
 */
export function redisConnectionName(config: Pick<EnvConfig, 'DATABASE_URL'>, role: string): string {
  return `${processName(config.DATABASE_URL)}:${role}`;
}
