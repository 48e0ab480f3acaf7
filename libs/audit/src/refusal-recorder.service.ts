import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '@killswitch/db';
import { Actor } from './audit-entry';

/** A refused attempt, as the audit log will show it once its minute is folded. */
export interface RefusalInput {
  actor: Actor;
  action: string;
  target?: { type: string; id: string };
  reason?: string;
  requestId?: string;
}

/**
 * Counts refused attempts per principal, action, target, reason and minute,
 * in refused_attempts, outside the audit chain's lock: a flood of refusals
 * costs one row update each and never queues behind (or in front of) the
 * writers that change state, such as kill creation. RefusalFolder turns each
 * closed minute into one chained audit entry with its count.
 */
@Injectable()
export class RefusalRecorder {
  constructor(private readonly prisma: PrismaService) {}

  async record(input: RefusalInput): Promise<void> {
    const actorId = input.actor.id ?? null;
    const targetType = input.target?.type ?? null;
    const targetId = input.target?.id ?? null;
    const reason = input.reason ?? null;
    const key = createHash('sha256')
      .update(JSON.stringify([input.actor.type, actorId, input.actor.label, input.action, targetType, targetId, reason]))
      .digest('hex');
    // clock_timestamp, not now(): the minute is the one the attempt was made in, whatever the transaction.
    await this.prisma.$executeRaw`
      INSERT INTO refused_attempts (minute, key, "actorType", "actorId", actor, action, "targetType", "targetId", reason, count, "firstRequestId", "firstAt", "lastAt")
      VALUES (date_trunc('minute', clock_timestamp()), ${key}, ${input.actor.type}, ${actorId}, ${input.actor.label}, ${input.action},
              ${targetType}, ${targetId}, ${reason}, 1, ${input.requestId ?? null}, clock_timestamp(), clock_timestamp())
      ON CONFLICT (minute, key) DO UPDATE SET count = refused_attempts.count + 1, "lastAt" = clock_timestamp()`;
  }
}
