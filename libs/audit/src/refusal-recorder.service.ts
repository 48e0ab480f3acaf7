import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@killswitch/db';
import { AuditAction } from './audit-action';
import { Actor } from './audit-entry';

/** A refused attempt, as the audit log will show it once its minute is folded. */
export interface RefusalInput {
  actor: Actor;
  action: AuditAction;
  target?: { type: string; id: string };
  reason?: string;
  requestId?: string;
}

/** Rows one write takes (13 parameters each, far below PostgreSQL's 65,535); the rest wait for the next. */
const MAX_ROWS = 500;

interface Pending {
  minute: Date;
  key: string;
  input: RefusalInput;
  count: number;
  firstAt: Date;
  lastAt: Date;
  waiters: { resolve(): void; reject(error: unknown): void }[];
}

/**
 * Counts refused attempts per principal, action, target, reason and minute,
 * in refused_attempts, outside the audit chain's lock: a flood of refusals
 * never queues behind (or in front of) the writers that change state, such as
 * kill creation. RefusalFolder turns each closed minute into one chained
 * audit entry with its count.
 *
 * One write in flight at a time per process; the attempts refused while it
 * runs are summed into the next, one row per key. A flood of one credential
 * therefore costs one statement and one pooled connection at a time, not one
 * row lock wait per request. Each caller's promise resolves once its attempt
 * is committed, so a refusal is answered only after it is counted.
 */
@Injectable()
export class RefusalRecorder {
  private readonly pending = new Map<string, Pending>();
  private writing = false;

  constructor(private readonly prisma: PrismaService) {}

  record(input: RefusalInput): Promise<void> {
    const at = new Date();
    const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          input.actor.type,
          input.actor.id ?? null,
          input.actor.label,
          input.action,
          input.target?.type ?? null,
          input.target?.id ?? null,
          input.reason ?? null,
        ]),
      )
      .digest('hex');
    return new Promise<void>((resolve, reject) => {
      const id = `${minute.toISOString()} ${key}`;
      const same = this.pending.get(id);
      if (same) {
        same.count += 1;
        same.lastAt = at;
        same.waiters.push({ resolve, reject });
      } else {
        this.pending.set(id, { minute, key, input, count: 1, firstAt: at, lastAt: at, waiters: [{ resolve, reject }] });
      }
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.size > 0) {
        // Sorted by key, so two instances writing the same keys take their row locks in one order.
        const ids = [...this.pending.keys()].sort().slice(0, MAX_ROWS);
        const batch = ids.map((id) => this.pending.get(id) as Pending);
        for (const id of ids) this.pending.delete(id);
        try {
          await this.write(batch);
          for (const row of batch) for (const waiter of row.waiters) waiter.resolve();
        } catch (error) {
          for (const row of batch) for (const waiter of row.waiters) waiter.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    const rows = batch.map(
      ({ minute, key, input, count, firstAt, lastAt }) =>
        Prisma.sql`(${minute}, ${key}, ${input.actor.type}, ${input.actor.id ?? null}, ${input.actor.label}, ${input.action}, ${input.target?.type ?? null},
                    ${input.target?.id ?? null}, ${input.reason ?? null}, ${count}, ${input.requestId ?? null}, ${firstAt}, ${lastAt})`,
    );
    await this.prisma.$executeRaw`
      INSERT INTO refused_attempts (minute, key, "actorType", "actorId", actor, action, "targetType", "targetId", reason, count, "firstRequestId", "firstAt", "lastAt")
      VALUES ${Prisma.join(rows)}
      ON CONFLICT (minute, key) DO UPDATE SET count = refused_attempts.count + EXCLUDED.count, "lastAt" = greatest(refused_attempts."lastAt", EXCLUDED."lastAt")`;
  }
}
